package dev.imagesync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes Jib's java.util.logging into Logback and sets how much is shown. */
final class Logging {

  private Logging() {}

  static synchronized void init() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }

  static void verbose(boolean verbose) {
    Logger imagesync = (Logger) LoggerFactory.getLogger("dev.imagesync");
    imagesync.setLevel(verbose ? Level.DEBUG : Level.INFO);
  }

  /**
   * --log-level: applies to everything; at trace level every registry request is logged with
   * its headers (the redacting layout fences secrets).
   */
  static void level(String name) {
    Level level = Level.toLevel(name, null);
    if (level == null) {
      throw new dev.imagesync.config.InputException("--log-level: unknown level '" + name + "' (error, warn, info, debug, trace)");
    }
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(level);
    ((Logger) LoggerFactory.getLogger("dev.imagesync")).setLevel(level);
    // HttpClient's wire log would print every byte of every layer, and its headers log repeats our
    // own request trace with whole request lines: queries, where presigned URLs and tokens travel,
    // which masking cannot recognise. Our trace shows every request without its query instead.
    ((Logger) LoggerFactory.getLogger("org.apache.hc.client5.http.wire")).setLevel(Level.INFO);
    ((Logger) LoggerFactory.getLogger("org.apache.hc.client5.http.headers")).setLevel(Level.INFO);
    // The MariaDB driver's trace is every packet in hex (the login's included): the queue's own
    // lines say what it does; its debug level is kept for connection troubles.
    ((Logger) LoggerFactory.getLogger("org.mariadb.jdbc")).setLevel(level.toInt() < Level.DEBUG_INT ? Level.DEBUG : level);
    java.util.logging.Level jul = level.toInt() <= Level.TRACE_INT ? java.util.logging.Level.ALL
        : level.toInt() <= Level.DEBUG_INT ? java.util.logging.Level.FINE
        : level.toInt() <= Level.INFO_INT ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING;
    java.util.logging.Logger.getLogger("").setLevel(jul);

  }
}
