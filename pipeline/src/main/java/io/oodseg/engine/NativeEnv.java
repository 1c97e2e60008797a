package io.oodseg.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The process environment as native code sees it (C {@code getenv}/{@code setenv} through JNA).
 * {@link System#getenv} is a copy taken when the JVM started; libraries such as oneDNN read the
 * live environment, so a variable set here before they first look takes effect in this process.
 */
final class NativeEnv {
  /** The C library's environment functions. */
  interface LibC extends Library {
    String getenv(String name);

    int setenv(String name, String value, int overwrite);
  }

  private static volatile LibC libc;
  private static volatile Throwable unavailable;

  private NativeEnv() {}

  /** The variable's value in the live process environment; null when unset. */
  static String get(String name) {
    LibC c = libc();
    return c == null ? System.getenv(name) : c.getenv(name);
  }

  /**
   * Sets the variable unless it is already set. Returns false when the native environment cannot be
   * reached (then nothing was set).
   */
  static synchronized boolean setIfUnset(String name, String value) {
    LibC c = libc();
    if (c == null) {
      return false;
    }
    if (c.getenv(name) == null) {
      c.setenv(name, value, 0);
    }
    return true;
  }

  /**
   * Sets an exported {@code int} variable of an already loaded native library (found by its name,
   * e.g. {@code c10} for {@code libc10.so}); returns why it could not, or null.
   */
  static String setLibraryInt(String library, String symbol, int value) {
    try {
      com.sun.jna.NativeLibrary.getInstance(library)
          .getGlobalVariableAddress(symbol)
          .setInt(0, value);
      return null;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return e.toString();
    }
  }

  /** Why the native environment cannot be reached; null when it can. */
  static Throwable unavailable() {
    libc();
    return unavailable;
  }

  private static LibC libc() {
    if (libc == null && unavailable == null) {
      synchronized (NativeEnv.class) {
        if (libc == null && unavailable == null) {
          try {
            libc = Native.load("c", LibC.class);
          } catch (UnsatisfiedLinkError | RuntimeException e) {
            unavailable = e;
          }
        }
      }
    }
    return libc;
  }
}
