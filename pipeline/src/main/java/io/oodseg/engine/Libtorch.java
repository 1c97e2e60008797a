package io.oodseg.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into DJL's PyTorch engine. Before libtorch starts in this JVM it applies the numerics
 * remedy (docs/numerics.md): oneDNN is capped at AVX2 ({@code ONEDNN_MAX_CPU_ISA=AVX2}), because
 * its AVX-512 kernels gave NaN and wrong finite outputs on AMD Zen 5 hosts. Then the engine starts
 * and libtorch's C++ log threshold is raised to errors, as {@code TORCH_CPP_LOG_LEVEL=ERROR} would
 * (set in-process, that variable did not take effect), which hides the "Could not initialize
 * NNPACK" lines printed on every run on hosts NNPACK does not support. A variable already set in
 * the environment (exported before the JVM started, {@code spark.executorEnv.*}) is kept as it is;
 * {@link #remedy()} says whether the cap is in effect. It also keeps the native memory libtorch
 * frees for reuse ({@link NativeHeap}).
 */
public final class Libtorch {
  /** DJL's name of the engine. */
  public static final String ENGINE = "PyTorch";

  /** oneDNN's variable that caps the instruction set its kernels may use. */
  public static final String ISA_VARIABLE = "ONEDNN_MAX_CPU_ISA";

  /** The cap the product sets. */
  public static final String SAFE_ISA = "AVX2";

  /**
   * libtorch's C++ log threshold variable; when the user sets it, the product leaves the threshold
   * alone.
   */
  public static final String LOG_VARIABLE = "TORCH_CPP_LOG_LEVEL";

  /** c10's log threshold (0 info, 1 warning, 2 error). */
  private static final String LOG_FLAG = "FLAGS_caffe2_log_level";

  private static final int LOG_ERROR = 2;
  private static final Logger LOG = LoggerFactory.getLogger(Libtorch.class);
  private static volatile Remedy remedy;
  private static volatile String nativeHeap;

  private Libtorch() {}

  /**
   * The state of the oneDNN cap in this process.
   *
   * @param value the variable's value in the live environment; null when unset
   * @param setByProduct whether this JVM set it (it was not set when the JVM started)
   * @param inEffect whether oneDNN is kept off AVX-512 (value AVX2 or an older ISA)
   * @param note why the product could not set it, or that the user chose another value; "" if none
   */
  public record Remedy(String value, boolean setByProduct, boolean inEffect, String note)
      implements java.io.Serializable {
    /** One line for logs, the manifest and {@code oodseg doctor}. */
    public String describe() {
      String state =
          value == null
              ? ISA_VARIABLE + " unset"
              : ISA_VARIABLE
                  + "="
                  + value
                  + (setByProduct ? " (set by oodseg)" : " (set in the environment)");
      return state
          + (inEffect ? ", in effect" : ", NOT in effect")
          + (note.isEmpty() ? "" : ": " + note);
    }
  }

  /** Applies the remedy once per JVM, before the engine starts; returns its state. */
  public static Remedy prepare() {
    Remedy r = remedy;
    if (r == null) {
      synchronized (Libtorch.class) {
        r = remedy;
        if (r == null) {
          r = apply();
          nativeHeap = NativeHeap.apply();
          LOG.debug("{}", nativeHeap);
          Engine.getEngine(ENGINE);
          if (System.getenv(LOG_VARIABLE) == null) {
            String failed = NativeEnv.setLibraryInt("c10", LOG_FLAG, LOG_ERROR);
            if (failed != null) {
              LOG.debug("libtorch's log threshold left as it is: {}", failed);
            }
          }
          remedy = r;
          if (!r.inEffect()) {
            LOG.warn("numerics remedy: {} (docs/numerics.md)", r.describe());
          }
        }
      }
    }
    return r;
  }

  /** The remedy's state (applying it first if no engine call has yet). */
  public static Remedy remedy() {
    return prepare();
  }

  /** What {@link NativeHeap} set in this JVM (one line; applying the remedy first if need be). */
  public static String nativeHeap() {
    prepare();
    return nativeHeap;
  }

  /** The PyTorch engine, started after the remedy. */
  public static Engine engine() {
    prepare();
    return Engine.getEngine(ENGINE);
  }

  /** A new base manager of the PyTorch engine on {@code device}; the caller closes it. */
  public static NDManager newBaseManager(Device device) {
    prepare();
    return NDManager.newBaseManager(device, ENGINE);
  }

  /** The libtorch version of the running engine. */
  public static String version() {
    return engine().getVersion();
  }

  /** Whether an ISA cap keeps oneDNN off AVX-512 (and AMX): AVX2 and older do. */
  static boolean safe(String isa) {
    if (isa == null) {
      return false;
    }
    String v = isa.trim().toUpperCase(Locale.ROOT);
    return v.equals("SSE41") || v.equals("AVX") || v.startsWith("AVX2");
  }

  private static Remedy apply() {
    String atStart = System.getenv(ISA_VARIABLE);
    boolean reachable = NativeEnv.setIfUnset(ISA_VARIABLE, SAFE_ISA);
    String now = NativeEnv.get(ISA_VARIABLE);
    boolean mine = atStart == null && now != null;
    String note = "";
    if (!reachable && atStart == null) {
      note =
          "the process environment could not be changed ("
              + NativeEnv.unavailable()
              + "); export "
              + ISA_VARIABLE
              + "="
              + SAFE_ISA
              + " before the JVM starts";
    } else if (!safe(now)) {
      note =
          "oneDNN may use AVX-512 kernels, which gave wrong results on some hosts; unset it or set "
              + ISA_VARIABLE
              + "="
              + SAFE_ISA;
    }
    return new Remedy(now, mine, safe(now), note);
  }
}
