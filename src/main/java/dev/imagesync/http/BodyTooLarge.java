package dev.imagesync.http;

import java.io.IOException;

/**
 * A body that is longer than anything of its kind may be (a tag page, a token, an error message):
 * what a broken or hostile server sends. Never worth retrying.
 */
public final class BodyTooLarge extends IOException {

  public BodyTooLarge(String message) {
    super(message);
  }
}
