package dev.imagesync.cli;

import dev.imagesync.config.InputException;

/** The -o values the everyday commands take. */
final class Outputs {

  private Outputs() {}

  static void check(String output) {
    if (!output.equals("text") && !output.equals("json")) {
      throw new InputException("--output: text or json, got " + output);
    }
  }
}
