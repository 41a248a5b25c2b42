package io.entraid.connector.camunda;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every log event while open, with every logger at DEBUG (and the given ones too); restores the
 * levels on close.
 */
final class CapturedLogs implements AutoCloseable {
  private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Level previous = root.getLevel();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final List<String> alsoDebug;

  CapturedLogs(String... alsoDebug) {
    this.alsoDebug = List.of(alsoDebug);
    captured.setContext(logging);
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.DEBUG);
    this.alsoDebug.forEach(name -> logging.getLogger(name).setLevel(Level.DEBUG));
  }

  List<ILoggingEvent> events() {
    return captured.list;
  }

  /** An event's message with its stack trace, as a log file would show it. */
  static String text(ILoggingEvent event) {
    return event.getFormattedMessage()
        + (event.getThrowableProxy() == null
            ? ""
            : ThrowableProxyUtil.asString(event.getThrowableProxy()));
  }

  @Override
  public void close() {
    root.detachAppender(captured);
    root.setLevel(previous);
    alsoDebug.forEach(name -> logging.getLogger(name).setLevel(null));
  }
}
