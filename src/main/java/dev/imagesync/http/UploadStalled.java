package dev.imagesync.http;

import java.net.SocketTimeoutException;

/**
 * A request body the server took too slowly, or not at all (see {@link StallWatch}): the server's
 * own pace, which the layers above tell from a timeout of the network by its type.
 */
public final class UploadStalled extends SocketTimeoutException {

  UploadStalled(String message) {
    super(message);
  }
}
