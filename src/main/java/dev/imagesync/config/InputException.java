package dev.imagesync.config;

/**
 * Bad input: a file, flag or variable imagesync cannot use. Its message is one line naming where
 * (file:line:column) and what is wrong; the CLI prints it and exits with 2.
 */
public class InputException extends RuntimeException {

  public InputException(String message) {
    super(message);
  }

  /** {@code where} is e.g. {@code images.json:3:7}; {@code what} says what is wrong there. */
  public static InputException at(String where, String what) {
    return new InputException(where + ": " + what);
  }
}
