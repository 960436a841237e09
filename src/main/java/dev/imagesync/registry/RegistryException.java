package dev.imagesync.registry;

/**
 * A registry operation that failed, with a one-line message a user can act on. Never carries
 * credentials or tokens.
 */
public class RegistryException extends RuntimeException {

  /** What kind of failure, so callers can decide without parsing messages. */
  public enum Kind {
    NOT_FOUND,
    UNAUTHORIZED,
    DENIED,
    UNSUPPORTED,
    TLS,
    NETWORK,
    /** The registry's pull limit is reached (429); nothing more is pulled from it in this run. */
    RATE_LIMITED,
    OTHER
  }

  private final Kind kind;

  public RegistryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public RegistryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Finds a {@link RegistryException} carried anywhere in {@code e}'s cause chain. */
  static java.util.Optional<RegistryException> carriedBy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Carrier c) {
        return java.util.Optional.of(c.exception);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * Carries a source-side failure through APIs that let only {@link java.io.IOException} pass (a
   * source blob stream is read inside the destination's upload), so the error names the source.
   */
  static final class Carrier extends java.io.IOException {
    private final RegistryException exception;

    Carrier(RegistryException exception) {
      super(exception.getMessage(), exception);
      this.exception = exception;
    }

    RegistryException exception() {
      return exception;
    }
  }
}
