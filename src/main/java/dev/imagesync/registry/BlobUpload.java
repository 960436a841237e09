package dev.imagesync.registry;

import dev.imagesync.http.Cancellation;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.image.Digest;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One blob into the destination: a mount from another repository when one is named, else a
 * monolithic upload — POST a session, then one PUT carrying the whole blob and its digest (one
 * request fewer than PATCH + PUT; the OCI distribution spec's "POST then PUT", which registries
 * must support). Nothing is hashed here: the registry checks the digest when it commits.
 */
final class BlobUpload {

  /**
   * Blobs from this size on are sent with {@code Expect: 100-continue}, so that a registry that
   * refuses (401, 403, a namespace that does not exist, a proxy's 413 for a body too large)
   * answers before the body leaves. Below it, as curl does, the body goes at once: waiting for
   * the go-ahead would cost a round trip more than sending it.
   */
  static final long EXPECT_CONTINUE_FROM = 1 << 20;
  /** The commit of a large upload may take a while on registries that copy it into storage. */
  private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(10);
  /**
   * Large blobs whose source is opened ahead at once, in the whole process: each holds a source
   * connection and its buffers from the POST on (w1 over TLS, 20 uploads of 2 MB at once, peak
   * RSS: 131-135 MiB with no bound, 126-132 with this one, noisy). The large uploads that gain
   * are the first ones of a shared base (w5); a small blob is always opened ahead.
   */
  private static final java.util.concurrent.Semaphore LARGE_AHEAD = new java.util.concurrent.Semaphore(2);
  /** Threads that open source blobs while their upload sessions are asked for (idle ones end after a minute). */
  private static final ExecutorService SOURCE_OPENING = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "imagesync-source-open");
    t.setDaemon(true);
    return t;
  });

  private final RepositoryEndpoint at;
  private final BlobCalls blobs;
  private final Optional<String> mountFrom;
  /**
   * The largest blob the registry has taken in this namespace during the run (shared by its
   * repositories). A body no larger goes without waiting for the go-ahead: the registry has shown
   * it takes such bodies there, and the wait costs a round trip per blob (measured on the long
   * link: +3.5 s, +14 %, on w1's 2 MB layers).
   */
  private final AtomicLong largestAccepted;

  BlobUpload(RepositoryEndpoint at, BlobCalls blobs, Optional<String> mountFrom, AtomicLong largestAccepted) {
    this.at = at;
    this.blobs = blobs;
    this.mountFrom = mountFrom;
    this.largestAccepted = largestAccepted;
  }

  /**
   * Upload sessions of this repository the registry closed without a word, in a row. Amazon ECR
   * answers a push into a repository that does not exist that way (reported by users of ECR: the
   * POST's connection closes, no status), every time: two in a row are its answer, not a link to
   * retry for half a minute.
   */
  private final java.util.concurrent.atomic.AtomicInteger closedUnanswered = new java.util.concurrent.atomic.AtomicInteger();
  static final int CLOSED_UNANSWERED_IS_AN_ANSWER = 2;

  /** {@code POST /v2/NAME/blobs/uploads/}: a new upload session. */
  private Response startSession(String action) {
    Response response;
    try {
      response = at.send(Request.of("POST", at.api("/blobs/uploads/")), action);
    } catch (RegistryException e) {
      int inARow;
      if (e.getCause() instanceof org.apache.hc.core5.http.NoHttpResponseException
          && (inARow = closedUnanswered.incrementAndGet()) >= CLOSED_UNANSWERED_IS_AN_ANSWER) {
        throw new RegistryException(RegistryException.Kind.NOT_FOUND, "cannot push to " + at.registry + "/" + at.repository + ": "
            + at.registry + " closed the connection without answering each upload into it (" + inARow + " in a row): the repository"
            + " may not exist (Amazon ECR answers a push into a missing repository so; create it first)");
      }
      throw e;
    }
    closedUnanswered.set(0);
    return response;
  }

  /**
   * Whether the repository takes a push, asked the cheapest way that is the push itself: an
   * upload session is opened ({@code POST}) and cancelled ({@code DELETE}) at once. A refusal (a
   * namespace that does not exist, no push right, ECR's missing repository) is thrown in the
   * words a real push would get.
   */
  void probe() {
    String action = "check that it takes a push";
    Response response = startSession(action);
    at.errors.expectPushed(response, action, 202);
    response.discard();
    at.openUploads.abandoned(location(response, action), at);
  }

  /** {@code otherHome}: a repository to mount from instead of the client's own mount source. */
  RepositoryClient.BlobPushOutcome push(Digest digest, long size, BlobContent content, Optional<String> otherHome) {
    String action = "upload blob " + digest.shortHex();
    URI session = null;
    Optional<String> from = otherHome.or(() -> mountFrom).filter(r -> !r.equals(at.repository));
    if (from.isPresent() && at.access == Access.PUSH) {
      Response response = blobs.requestMount(digest, from.get());
      response.discard();
      if (response.status() == 201) {
        return RepositoryClient.BlobPushOutcome.MOUNTED;
      }
      if (response.status() == 202) {
        session = location(response, action); // upload into the session the declined mount opened
      }
    }
    UploadBody body = new UploadBody(content, size, at.meter, at.repository + "@" + digest.shortHex());
    Cancellation cancellation = new Cancellation();
    boolean committed = false;
    boolean aheadPermit = false;
    try {
      if (session == null) {
        // The source is opened while the session is asked for: its GET (and, on a new connection,
        // its handshake) is off the chain POST -> PUT (w5 on the long link: 3.67 -> 3.29 s).
        if (size < EXPECT_CONTINUE_FROM || (aheadPermit = LARGE_AHEAD.tryAcquire())) {
          body.openAhead(SOURCE_OPENING);
        }
        Response response = startSession(action);
        at.errors.expectPushed(response, action, 202);
        response.discard();
        session = location(response, action);
      }
      at.openUploads.opened(session, at, cancellation);
      Request put = Request.of("PUT", withQuery(session, "digest=" + digest))
          .withHeader("Content-Type", "application/octet-stream")
          .withBody(body)
          .withTimeout(COMMIT_TIMEOUT)
          .cancelledBy(cancellation)
          .expectingContinue(size >= EXPECT_CONTINUE_FROM && size > largestAccepted.get());
      Response response = at.send(put, action);
      at.errors.expectPushed(response, action, 201, 204);
      response.discard();
      largestAccepted.accumulateAndGet(size, Math::max);
      committed = true;
    } finally {
      if (aheadPermit) {
        LARGE_AHEAD.release();
      }
      body.release();
      if (session != null && committed) {
        at.openUploads.closed(session);
      } else if (session != null) {
        at.openUploads.abandoned(session, at);
      }
    }
    return RepositoryClient.BlobPushOutcome.UPLOADED;
  }

  private URI location(Response response, String action) {
    String location = response.headers().first("Location").orElseThrow(() -> new RegistryException(
        RegistryException.Kind.OTHER, at.registry + "/" + at.repository + ": " + action + " failed: the registry sent no upload location"));
    return response.uri().resolve(location);
  }

  private static URI withQuery(URI uri, String query) {
    String s = uri.toString();
    return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + query);
  }
}
