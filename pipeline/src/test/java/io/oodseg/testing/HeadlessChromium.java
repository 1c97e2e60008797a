package io.oodseg.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, for report tests: renders a local file to a screenshot, or dumps its
 * DOM after the load event (so a probe script appended to a copy of the page can write what it
 * measured into the DOM). Console messages are read from Chromium's log on stderr. A missing
 * Chromium fails the test, naming the program and how to install it.
 */
public final class HeadlessChromium {
  private static final String PROGRAM =
      System.getProperty("oodseg.test.chromium", "/usr/bin/chromium");

  private HeadlessChromium() {}

  /**
   * The output of one Chromium run.
   *
   * @param stdout what it printed (the DOM for {@code --dump-dom})
   * @param console the console messages it logged (lines holding {@code CONSOLE})
   */
  public record Output(String stdout, List<String> console) {}

  /** The DOM of {@code page} after its load event. */
  public static Output dumpDom(Path page) throws IOException, InterruptedException {
    return run(page, "--dump-dom");
  }

  /** Writes a PNG screenshot of {@code page} at the given window size. */
  public static Output screenshot(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    return run(
        page,
        "--screenshot=" + png.toAbsolutePath(),
        "--window-size=" + width + "," + height,
        "--hide-scrollbars");
  }

  private static Output run(Path page, String... extra) throws IOException, InterruptedException {
    if (!new File(PROGRAM).canExecute()) {
      throw new AssertionError(
          PROGRAM
              + " is missing: the report tests need Debian's chromium; "
              + "run submit/install-test-deps.sh (as root) first");
    }
    Path profile = Files.createTempDirectory("chromium-profile");
    Path err = Files.createTempFile("chromium", ".log");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                PROGRAM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0"));
    cmd.addAll(List.of(extra));
    cmd.add(page.toAbsolutePath().toUri().toString());
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s on " + page);
    }
    List<String> log = Files.readAllLines(err, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(
          "chromium exited with " + p.exitValue() + " on " + page + ":\n" + String.join("\n", log));
    }
    Files.delete(err);
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    return new Output(out, log.stream().filter(l -> l.contains(":CONSOLE")).toList());
  }
}
