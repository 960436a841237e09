package dev.imagesync.cli;

import picocli.CommandLine.Option;

/** How much imagesync says on stderr. */
final class OutputOptions {

  @Option(names = {"-v", "--verbose"}, description = "log request-level detail to stderr")
  boolean verbose;

  @Option(names = "--debug", description = "on an error, print its stack trace too")
  boolean debug;

  void apply() {
    Logging.verbose(verbose);
    Main.debug = debug;
  }
}
