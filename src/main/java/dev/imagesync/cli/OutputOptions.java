package dev.imagesync.cli;

import picocli.CommandLine.Option;

/** How much imagesync says on stderr. */
final class OutputOptions {

  @Option(names = {"-v", "--verbose"}, description = "log request-level detail to stderr")
  boolean verbose;

  @Option(names = {"-q", "--quiet"}, description = "print only failures and the summary: no line per copied or skipped tag, no progress")
  boolean quiet;

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
