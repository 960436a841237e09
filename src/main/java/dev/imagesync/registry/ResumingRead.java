package dev.imagesync.registry;

import dev.imagesync.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source blob's body that outlives its connection. When a read breaks (a reset, a body cut
 * short, a stall), the blob is asked for again from the byte reached, {@code Range: bytes=N-},
 * and reading goes on there: whoever reads (the destination's upload) sees one unbroken stream,
 * and the registry checks the digest over the whole when it commits. A 206 must say it starts at
 * N ({@code Content-Range: bytes N-…}); a source that answers 200 instead (it ignores Range) sends
 * the blob from its start again, and the first N bytes are read past. Distribution, Docker Hub's
 * CDN, GHCR and ACR's storage all answer Range on a blob GET.
 *
 * <p>As {@link Retrying} counts: up to {@code retries} breaks in a row without progress (64 KiB
 * gained) in between, the first resume at once and each further one after the policy's back-off;
 * then the last failure is thrown. A break after progress starts the count again.
 */
final class ResumingRead extends InputStream {

  private static final Logger LOG = LoggerFactory.getLogger(ResumingRead.class);
  /** What a connection must have carried since the last break for a break to count as after progress. */
  static final long MIN_PROGRESS = 64 << 10;
  private static final Pattern CONTENT_RANGE = Pattern.compile("^\\s*bytes\\s+(\\d+)-\\d+/(\\d+|\\*)\\s*$");

  /** Sends the blob GET again from byte {@code from} ({@code Range: bytes=from-}). */
  @FunctionalInterface
  interface Reopen {
    Response from(long from) throws IOException;
  }

  private final Reopen reopen;
  private final Retrying.Policy policy;
  private final String what;
  private Response response;
  private InputStream in;
  private long position;
  private long positionAtLastBreak = -MIN_PROGRESS;
  private int breaksWithoutProgress;
  private int resumes;

  /** {@code first}: the 200 of the first GET; {@code what}: the blob, as failures name it. */
  ResumingRead(Response first, Reopen reopen, Retrying.Policy policy, String what) {
    this.response = first;
    this.in = first.body();
    this.reopen = reopen;
    this.policy = policy;
    this.what = what;
  }

  /** How often the read was taken up again (for tests and reports). */
  int resumes() {
    return resumes;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      try {
        int n = in.read(b, off, len);
        if (n > 0) {
          position += n;
        }
        return n;
      } catch (IOException e) {
        if (!resumable(e)) {
          throw e;
        }
        resume(e);
      }
    }
  }

  /**
   * A break of the connection (a reset, a body cut short), not a failure of ours, a stop asked
   * for, or a deadline: a source that stalls or trickles is given up as {@code --timeout} says,
   * not asked again for as long as it sends a byte now and then.
   */
  private static boolean resumable(IOException e) {
    return !(e instanceof RegistryException.Carrier) && !(e instanceof InterruptedIOException) && !Thread.currentThread().isInterrupted();
  }

  /** Asks for the rest; throws {@code broke} when the source has failed too often without progress. */
  private void resume(IOException broke) throws IOException {
    while (true) {
      breaksWithoutProgress = position >= positionAtLastBreak + MIN_PROGRESS ? 1 : breaksWithoutProgress + 1;
      positionAtLastBreak = position;
      if (breaksWithoutProgress > policy.retries() || policy.progress().stopped()) {
        throw broke;
      }
      if (breaksWithoutProgress > 1) {
        pause(policy.backoff(breaksWithoutProgress - 2));
      }
      response.close();
      LOG.info("{}: the connection broke after {} bytes ({}); going on from there", what, position, broke.getMessage());
      try {
        Response next = reopen.from(position);
        in = continuation(next);
        response = next;
        resumes++;
        return;
      } catch (RegistryException.Carrier e) {
        throw e; // the source answered, and not with the blob: that is the news
      } catch (IOException e) {
        if (!resumable(e)) {
          throw e;
        }
        broke = e;
      }
    }
  }

  /** The body of a new answer, positioned at {@link #position}. */
  private InputStream continuation(Response next) throws IOException {
    if (next.status() == 206) {
      Optional<Long> start = next.headers().first("Content-Range").flatMap(ResumingRead::start);
      if (start.isEmpty() || start.get() != position) {
        next.close();
        throw new RegistryException.Carrier(new RegistryException(RegistryException.Kind.OTHER, what + ": asked to go on from byte "
            + position + ", the source answered with Content-Range " + next.headers().first("Content-Range").orElse("(none)")));
      }
      return next.body();
    }
    // 200: the source ignores Range and sends the whole blob again; what was read is read past.
    InputStream body = next.body();
    body.skipNBytes(position);
    return body;
  }

  static Optional<Long> start(String contentRange) {
    Matcher m = CONTENT_RANGE.matcher(contentRange);
    return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  private static void pause(Duration wait) throws IOException {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to resume a download");
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
