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
    /**
     * The token service accepted the login but its token grants nothing, or less than asked, on
     * the repository: a project or organisation that does not exist, a token scoped elsewhere.
     */
    NOT_GRANTED,
    UNSUPPORTED,
    TLS,
    NETWORK,
    /** The registry's pull limit is reached (429); nothing more is pulled from it in this run. */
    RATE_LIMITED,
    OTHER
  }

  private final Kind kind;
  /** Null: not worth retrying; otherwise how long the registry asked to wait (zero: no wish). */
  private final java.time.Duration retryAfter;

  public RegistryException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public RegistryException(Kind kind, String message, Throwable cause) {
    this(kind, message, cause, null);
  }

  private RegistryException(Kind kind, String message, Throwable cause, java.time.Duration retryAfter) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  /**
   * A failure that may pass if the request is made again (a reset connection, a timeout, 5xx,
   * 408, 429), after {@code retryAfter} if the registry said (zero otherwise).
   */
  public static RegistryException transientFailure(Kind kind, String message, Throwable cause, java.time.Duration retryAfter) {
    return new RegistryException(kind, message, cause, retryAfter == null ? java.time.Duration.ZERO : retryAfter);
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return retryAfter != null;
  }

  /** How long the registry asked to wait before the next attempt (zero: it did not say). */
  public java.time.Duration retryAfter() {
    return retryAfter == null ? java.time.Duration.ZERO : retryAfter;
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
