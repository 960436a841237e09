package dev.imagesync.cli;

import picocli.CommandLine.Option;

/** What imagesync says about itself on stderr: request detail, log levels, stack traces. */
final class OutputOptions {

  @Option(names = {"-v", "--verbose"}, description = "log request-level detail to stderr")
  boolean verbose;

  @Option(names = "--debug", description = "on an error, print its stack trace too")
  boolean debug;

  @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info, debug or trace for everything, the HTTP library included (secrets are always masked)")
  String logLevel;

  void apply() {
    Logging.verbose(verbose);
    if (logLevel != null) {
      Logging.level(logLevel);
    }
    Main.debug = debug;
  }
}
