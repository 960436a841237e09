package dev.imagesync.image;

/** A document a registry served that is not a manifest imagesync can copy. */
public class InvalidManifestException extends RuntimeException {
  public InvalidManifestException(String message) {
    super(message);
  }
}
