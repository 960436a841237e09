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
}
