package dev.imagesync.registry;

import dev.imagesync.http.Body;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The body of one blob upload: the source blob, streamed from its GET into the destination's PUT
 * with the descriptor's length, never held whole. {@link #prepare} opens the source and waits for
 * its first bytes (again, when the request is sent again); exactly {@code size} bytes are written,
 * so a source that serves more than its descriptor says can never spill into the connection. A
 * source that sends more or less than {@code size} fails the blob before its last bytes go: the
 * registry sees a body short of its Content-Length, commits nothing, and the connection is dropped.
 * {@link #openAhead} starts that opening on another thread while something else goes first.
 */
final class UploadBody implements Body {

  private static final int COPY_BUFFER = 256 << 10;

  private final BlobContent content;
  private final long size;
  private final TransferMeter meter;
  private final String name;
  private InputStream open;
  private boolean written;
  /** The opening started by {@link #openAhead}, until {@link #prepare} or {@link #release} takes it. */
  private CompletableFuture<Void> ahead;

  UploadBody(BlobContent content, long size, TransferMeter meter, String name) {
    this.content = content;
    this.size = size;
    this.meter = meter;
    this.name = name;
  }

  @Override
  public long length() {
    return size;
  }

  /**
   * Opens the source now on {@code executor}: its first bytes arrive while the caller waits for
   * something else (the upload session's round trip). The next {@link #prepare} takes its stream,
   * or throws its failure, without reading the source a second time.
   */
  void openAhead(Executor executor) {
    release();
    ahead = CompletableFuture.runAsync(() -> {
      try {
        openSource(); // nothing else touches the fields until it is taken
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, executor);
  }

  @Override
  public void prepare() throws IOException {
    if (ahead != null) {
      takeAhead();
      return;
    }
    if (open != null && !written) {
      return; // opened and not sent yet (a request refused before its body went)
    }
    open();
  }

  private void open() throws IOException {
    release();
    openSource();
  }

  private void openSource() throws IOException {
    open = new FirstBytesRead(content.open());
    written = false;
  }

  /** Waits for the opening started ahead; its failure is this body's. */
  private void takeAhead() throws IOException {
    CompletableFuture<Void> a = ahead;
    ahead = null;
    try {
      a.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    if (open == null || written) {
      prepare();
    }
    written = true;
    byte[] buffer = new byte[(int) Math.max(1, Math.min(COPY_BUFFER, size))];
    long left = size;
    try (TransferMeter.Handle counted = meter.start(name, size)) {
      while (left > 0) {
        int n = open.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          // A body that ends cleanly is whole as the source serves it (a cut one ends with an
          // error, and its read goes on where it broke): asking again gets the same length.
          throw new RegistryException.Carrier(new RegistryException(RegistryException.Kind.OTHER,
              name + ": the source blob has " + (size - left) + " bytes, not the " + size + " its descriptor says"));
        }
        if (n == left && open.read() >= 0) {
          // Checked before the last bytes are written, so that the registry never commits it.
          throw new RegistryException.Carrier(new RegistryException(RegistryException.Kind.OTHER,
              name + ": the source blob is longer than the " + size + " bytes its descriptor says"));
        }
        out.write(buffer, 0, n);
        counted.add(n);
        left -= n;
      }
    }
  }

  @Override
  public void release() {
    if (ahead != null) {
      try {
        takeAhead();
      } catch (IOException | RuntimeException e) {
        // nobody wants the source any more: how its opening failed no longer matters
      }
    }
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // the source connection is dropped; nothing else to do
      }
      open = null;
    }
  }

  /**
   * A stream whose first bytes were read when it was made, so that an upload's request (and its
   * authorization) leaves only once the source has started to deliver: a token fetched before a
   * source that is slow to start could expire on the way. Every read reads its source once at
   * most; a BufferedInputStream may read again, and block, for bytes that are not there yet.
   */
  private static final class FirstBytesRead extends FilterInputStream {
    private byte[] first;
    private int at;

    FirstBytesRead(InputStream in) throws IOException {
      super(in);
      byte[] buffer = new byte[64 << 10];
      int n = in.read(buffer);
      first = n <= 0 ? null : java.util.Arrays.copyOf(buffer, n);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (first == null) {
        return in.read(b, off, len);
      }
      int n = Math.min(len, first.length - at);
      System.arraycopy(first, at, b, off, n);
      at += n;
      if (at == first.length) {
        first = null;
      }
      return n;
    }
  }
}
