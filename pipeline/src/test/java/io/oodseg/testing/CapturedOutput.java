package io.oodseg.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything a block of code logs (log4j2, every logger at its configured level, S3A's own loggers
 * at DEBUG) and prints (System.out and System.err, still passed through), with each event's
 * exception and its causes, until closed.
 */
public final class CapturedOutput implements AutoCloseable {
  /** Loggers raised to DEBUG while capturing (their events go to the capture only). */
  private static final String[] DEBUG_LOGGERS = {"org.apache.hadoop.fs.s3a"};

  private final StringBuffer logged = new StringBuffer();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final AbstractAppender appender;
  private final java.util.List<String> debugLoggers = new java.util.ArrayList<>();

  public CapturedOutput() {
    appender =
        new AbstractAppender("captured-output", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder line =
                new StringBuilder()
                    .append(event.getLevel())
                    .append(' ')
                    .append(event.getLoggerName())
                    .append(": ")
                    .append(event.getMessage().getFormattedMessage())
                    .append('\n');
            if (event.getThrown() != null) {
              StringWriter trace = new StringWriter();
              event.getThrown().printStackTrace(new PrintWriter(trace));
              line.append(trace);
            }
            logged.append(line);
          }
        };
    appender.start();
    Configuration config = context.getConfiguration();
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    for (String name : DEBUG_LOGGERS) {
      if (!config.getLoggers().containsKey(name)) { // leave a configured logger alone
        debugLoggers.add(name);
      }
    }
    for (String name : debugLoggers) {
      LoggerConfig debug = new LoggerConfig(name, Level.DEBUG, false);
      debug.addAppender(appender, Level.ALL, null);
      config.addLogger(name, debug);
    }
    context.updateLoggers();
    System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(err, printed), true, StandardCharsets.UTF_8));
  }

  /** Log events and printed text so far. */
  public String text() {
    synchronized (printed) {
      return logged + "\n" + printed.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    Configuration config = context.getConfiguration();
    for (String name : debugLoggers) {
      config.removeLogger(name);
    }
    config.getRootLogger().removeAppender(appender.getName());
    context.updateLoggers();
    appender.stop();
  }

  /** Writes to the original stream and to the capture. */
  private static final class Tee extends OutputStream {
    private final OutputStream original;
    private final ByteArrayOutputStream copy;

    Tee(OutputStream original, ByteArrayOutputStream copy) {
      this.original = original;
      this.copy = copy;
    }

    @Override
    public void write(int b) {
      synchronized (copy) {
        copy.write(b);
      }
      try {
        original.write(b);
      } catch (java.io.IOException e) {
        // the console is best effort
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (copy) {
        copy.write(b, off, len);
      }
      try {
        original.write(b, off, len);
      } catch (java.io.IOException e) {
        // the console is best effort
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      original.flush();
    }
  }
}
