package io.oodseg.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a report in headless Chromium with a probe: a copy of the page gets an error catcher at the
 * top of its head and a script that, after load, measures charts, tables and images, sorts a table
 * by clicking its header, and writes the figures as JSON into the DOM, which Chromium dumps. The
 * report itself is not changed.
 */
public final class ReportProbe {
  private static final Pattern PROBE =
      Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL);

  private ReportProbe() {}

  /**
   * What the probe measured.
   *
   * @param figures the probe's JSON
   * @param console console messages Chromium logged while loading the page
   */
  public record Result(JsonNode figures, java.util.List<String> console) {}

  /** Probes {@code report}; the probed copy is written beside it as {@code <name>.probe.html}. */
  public static Result probe(Path report) throws IOException, InterruptedException {
    String html = Files.readString(report);
    String probed =
        html.replaceFirst(
                "<head>",
                "<head><script>"
                    + Matcher.quoteReplacement(resource("probe-head.js"))
                    + "</script>")
            .replace("</body>", "<script>" + resource("probe.js") + "</script></body>");
    Path copy = report.resolveSibling(report.getFileName() + ".probe.html");
    Files.writeString(copy, probed);
    HeadlessChromium.Output out = HeadlessChromium.dumpDom(copy);
    Matcher m = PROBE.matcher(out.stdout());
    if (!m.find()) {
      throw new AssertionError(
          "the probe wrote nothing into the DOM of " + copy + "; console: " + out.console());
    }
    String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    return new Result(new ObjectMapper().readTree(json), out.console());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        ReportProbe.class.getClassLoader().getResourceAsStream("report/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
