package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.InvalidManifestException;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import dev.imagesync.registry.http.Body;
import dev.imagesync.registry.http.Headers;
import dev.imagesync.registry.http.Request;
import dev.imagesync.registry.http.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RepositoryClient}: the OCI distribution API, spoken directly over {@link
 * dev.imagesync.registry.http.Connections}. Manifests travel as raw bytes; a blob streams from
 * the source's GET straight into the destination's upload (POST a session, PUT the bytes with
 * the digest), so nothing is buffered or hashed here: the destination registry checks the
 * digest when the upload is committed.
 */
final class HttpRepositoryClient implements RepositoryClient {

  private static final Logger LOG = LoggerFactory.getLogger(HttpRepositoryClient.class);

  /** Distribution refuses manifests above 4 MiB; anything larger is not a manifest. */
  private static final int MAX_MANIFEST_BYTES = 4 << 20;
  /** Error bodies are read this far, for a message; the rest is not wanted. */
  private static final int MAX_ERROR_BYTES = 64 << 10;
  /** How long any read may wait for the registry: a stream that stops moving fails after it. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(10);
  private static final int COPY_BUFFER = 256 << 10;
  private static final int MAX_REDIRECTS = 5;
  /** 401 challenges answered per request before giving up. */
  private static final int MAX_CHALLENGES = 2;
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  /** A bound on pages, so that a registry answering with a loop of links cannot hold a run forever. */
  private static final int MAX_TAG_PAGES = 1000;

  private final HttpTransport transport;
  private final HttpTransport.Endpoint endpoint;
  private final String registry;
  private final String repository;
  private final Access access;
  private final Optional<String> mountFrom;
  private final RegistryAuth auth;
  private final RateLimits rateLimits;
  private final TransferMeter meter;
  private final String scope;

  HttpRepositoryClient(
      HttpTransport transport, HttpTransport.Endpoint endpoint, String registry, String repository, Access access,
      Optional<String> mountFrom, RegistryAuth auth, RateLimits rateLimits, TransferMeter meter) {
    this.transport = transport;
    this.endpoint = endpoint;
    this.registry = registry;
    this.repository = repository;
    this.access = access;
    this.mountFrom = mountFrom;
    this.auth = auth;
    this.rateLimits = rateLimits;
    this.meter = meter;
    this.scope = access.scope(repository);
  }

  // ---- manifests ----

  @Override
  public Optional<ManifestHead> headManifest(String reference) {
    Response response = send(Call.of("HEAD", api("/manifests/" + reference)).accept(MediaTypes.ACCEPT_ALL));
    discard(response);
    if (response.status() == 404) {
      return Optional.empty();
    }
    expect(response, "check manifest " + reference, 200);
    Optional<String> digest = response.headers().first("Docker-Content-Digest").map(String::trim);
    if (digest.isEmpty() || !Digest.isDigest(digest.get())) {
      // Some registries omit the digest on HEAD; the body is the only source of truth then.
      return getManifest(reference).map(m -> new ManifestHead(m.digest(), m.mediaType(), m.size()));
    }
    return Optional.of(new ManifestHead(Digest.parse(digest.get()),
        response.headers().first("Content-Type").orElse(""),
        response.headers().firstAsLong("Content-Length", -1)));
  }

  @Override
  public Optional<Manifest> getManifest(String reference) {
    Response response = send(Call.of("GET", api("/manifests/" + reference)).accept(MediaTypes.ACCEPT_ALL));
    if (response.status() == 404) {
      discard(response);
      return Optional.empty();
    }
    expect(response, "read manifest " + reference, 200);
    byte[] bytes;
    try (InputStream body = response.body()) {
      bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
    } catch (IOException e) {
      throw network("read manifest " + reference, e);
    }
    if (bytes.length > MAX_MANIFEST_BYTES) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, where(reference) + ": manifest larger than 4 MiB");
    }
    Manifest manifest;
    try {
      manifest = Manifest.of(bytes, response.headers().first("Content-Type").orElse(null));
    } catch (InvalidManifestException e) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED, where(reference) + ": " + e.getMessage());
    }
    if (Digest.isDigest(reference) && !Digest.parse(reference).matches(bytes)) {
      throw new RegistryException(RegistryException.Kind.OTHER,
          where(reference) + ": the registry served bytes whose digest is " + manifest.digest());
    }
    return Optional.of(manifest);
  }

  @Override
  public void putManifest(String reference, Manifest manifest) {
    byte[] bytes = manifest.bytes();
    Response response = send(Call.of("PUT", api("/manifests/" + reference))
        .header("Content-Type", manifest.mediaType())
        .body(() -> Body.of(bytes)));
    expectPushed(response, "write manifest " + reference, 201, 200);
    discard(response);
    Optional<String> stored = response.headers().first("Docker-Content-Digest").map(String::trim);
    if (stored.isPresent() && !stored.get().equals(manifest.digest().toString())) {
      throw new RegistryException(RegistryException.Kind.OTHER,
          where(reference) + ": the registry stored the manifest as " + stored.get() + ", not " + manifest.digest());
    }
  }

  // ---- tags ----

  @Override
  public List<String> listTags() {
    List<String> tags = new ArrayList<>();
    // 100 per page: what Docker Hub and most registries accept; larger repositories paginate.
    String next = "/tags/list?n=100";
    for (int page = 0; next != null; page++) {
      if (page == MAX_TAG_PAGES) {
        throw new RegistryException(RegistryException.Kind.OTHER, registry + "/" + repository + ": more than " + MAX_TAG_PAGES + " pages of tags");
      }
      Response response = send(Call.of("GET", api(next)).accept(List.of("application/json")));
      if (response.status() == 404) {
        String detail = ErrorBodies.describe(404, errorText(response));
        throw new RegistryException(RegistryException.Kind.NOT_FOUND, "repository " + registry + "/" + repository + " not found (" + detail + ")");
      }
      expect(response, "list tags", 200);
      try (InputStream body = response.body()) {
        dev.imagesync.image.Json.mapper().readTree(body).path("tags").forEach(t -> tags.add(t.asText()));
      } catch (IOException e) {
        throw network("list tags", e);
      }
      next = nextPage(response.headers().all("Link"));
    }
    return tags;
  }

  /** The path (after /v2/NAME) of the next page from a Link header, or null on the last page. */
  private String nextPage(List<String> links) {
    for (String link : links) {
      Matcher m = NEXT_LINK.matcher(link);
      if (m.find()) {
        String target = m.group(1);
        int v2 = target.indexOf("/v2/" + repository + "/");
        if (v2 < 0) {
          throw new RegistryException(RegistryException.Kind.OTHER, registry + ": tag list points to another repository: " + target);
        }
        return target.substring(v2 + ("/v2/" + repository).length());
      }
    }
    return null;
  }

  // ---- blobs ----

  @Override
  public boolean blobExists(Digest digest) {
    Response response = send(Call.of("HEAD", api("/blobs/" + digest)));
    String body = errorText(response);
    int status = response.status();
    if (status == 200) {
      return true;
    }
    if (status == 404) {
      return false;
    }
    RegistryException e = failure(response, "check blob " + digest.shortHex(), body);
    if (e.kind() == RegistryException.Kind.DENIED) {
      // ACR answers a blob HEAD in a repository that has never been pushed with DENIED; the
      // upload that follows either works or fails with the real reason.
      LOG.debug("{}: {}; treated as absent", where(digest.toString()), e.getMessage());
      return false;
    }
    throw e;
  }

  @Override
  public BlobContent blob(Digest digest) {
    return () -> {
      try {
        return new SourceStream(openBlob(digest), "read blob " + digest.shortHex());
      } catch (RegistryException e) {
        throw new RegistryException.Carrier(e);
      }
    };
  }

  /**
   * GET a blob, following redirects (Docker Hub and most clouds send blob reads to a CDN). The
   * registry's credentials never go to another host: a presigned URL carries its own.
   */
  private InputStream openBlob(Digest digest) {
    String action = "read blob " + digest.shortHex();
    URI uri = api("/blobs/" + digest);
    boolean ours = true;
    for (int hop = 0; ; hop++) {
      Call call = Call.of("GET", uri);
      Response response = ours ? send(call) : exchange(call, Body.EMPTY, null);
      int status = response.status();
      if (status == 200) {
        return response.body();
      }
      Optional<String> location = response.headers().first("Location");
      if (status >= 300 && status < 400 && location.isPresent() && hop < MAX_REDIRECTS) {
        discard(response);
        URI next = uri.resolve(location.get());
        ours = ours && sameOrigin(uri, next);
        uri = next;
        continue;
      }
      throw failure(response, action, errorText(response));
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
        && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost())) && a.getPort() == b.getPort();
  }

  @Override
  public boolean mountBlob(Digest digest, String fromRepository) {
    if (access != Access.PUSH || fromRepository.equals(repository)) {
      return false;
    }
    Response response = requestMount(digest, fromRepository);
    discard(response);
    // 202 opens an upload session instead; it is left for the registry to expire.
    return response.status() == 201;
  }

  /**
   * POST a cross-repository mount: 201 when the registry mounted the blob, 202 with an upload
   * session when it declined. A mount needs pull access to the other repository as well: one
   * token for both scopes.
   */
  private Response requestMount(Digest digest, String fromRepository) {
    String both = scope + " repository:" + fromRepository + ":pull";
    Response response = send(Call.of("POST", api("/blobs/uploads/?mount=" + digest + "&from=" + fromRepository)).scope(both));
    if (response.status() != 201) {
      LOG.debug("{}: mount from {} declined with HTTP {}", where(digest.toString()), fromRepository, response.status());
    }
    return response;
  }

  @Override
  public BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content) {
    String action = "upload blob " + digest.shortHex();
    URI session = null;
    if (mountFrom.isPresent()) {
      Response response = requestMount(digest, mountFrom.get());
      discard(response);
      if (response.status() == 201) {
        return BlobPushOutcome.MOUNTED;
      }
      if (response.status() == 202) {
        session = location(response, action); // upload into the session the declined mount opened
      }
    }
    if (session == null) {
      Response response = send(Call.of("POST", api("/blobs/uploads/")));
      expectPushed(response, action, 202);
      discard(response);
      session = location(response, action);
    }
    // A monolithic upload: the whole blob in the PUT that commits it, one request fewer per
    // blob than PATCH + PUT (the OCI distribution spec's "POST then PUT", which registries must
    // support). The body streams from the source with the descriptor's Content-Length.
    Upload upload = new Upload(content, size, repository + "@" + digest.shortHex());
    Response response;
    try {
      response = send(Call.of("PUT", withQuery(session, "digest=" + digest))
          .header("Content-Type", "application/octet-stream").body(upload::body));
    } finally {
      upload.close();
    }
    expectPushed(response, action, 201, 204);
    discard(response);
    return BlobPushOutcome.UPLOADED;
  }

  /**
   * The body of one blob upload: opens the source when the request is sent (again, should the
   * request have to be sent again) and closes what it opened.
   */
  private final class Upload implements AutoCloseable {
    private final BlobContent content;
    private final long size;
    private InputStream open;

    private final String name;

    Upload(BlobContent content, long size, String name) {
      this.content = content;
      this.size = size;
      this.name = name;
    }

    /** The upload's body: the source blob, opened now, copied as the request is written. */
    Body body() throws IOException {
      close();
      // Waits for the source's first bytes (see send).
      FirstBytesRead in = new FirstBytesRead(content.open());
      open = in;
      return new Body() {
        @Override
        public long length() {
          return size;
        }

        @Override
        public void writeTo(java.io.OutputStream out) throws IOException {
          byte[] buffer = new byte[(int) Math.max(1, Math.min(COPY_BUFFER, size < 0 ? COPY_BUFFER : size))];
          try (TransferMeter.Handle counted = meter.start(name, size)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
              out.write(buffer, 0, n);
              counted.add(n);
            }
          }
        }

        @Override
        public boolean replayable() {
          return false;
        }
      };
    }

    @Override
    public void close() {
      if (open != null) {
        try {
          open.close();
        } catch (IOException e) {
          LOG.debug("closing a source stream: {}", e.toString());
        }
        open = null;
      }
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

  private URI location(Response response, String action) {
    String location = response.headers().first("Location").orElseThrow(() -> new RegistryException(
        RegistryException.Kind.OTHER, registry + "/" + repository + ": " + action + " failed: the registry sent no upload location"));
    return response.uri().resolve(location);
  }

  private static URI withQuery(URI uri, String query) {
    String s = uri.toString();
    return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + query);
  }

  // ---- requests ----

  /** The body of a request, made afresh for each time the request is sent. */
  @FunctionalInterface
  private interface BodyFactory {
    Body make() throws IOException;
  }

  /** One request as we mean to send it, before authorization. */
  private record Call(String method, URI uri, String scope, List<String> accept, Map<String, String> headers, BodyFactory body) {
    static Call of(String method, URI uri) {
      return new Call(method, uri, null, List.of(), Map.of(), () -> Body.EMPTY);
    }

    Call accept(List<String> types) {
      return new Call(method, uri, scope, types, headers, body);
    }

    Call header(String name, String value) {
      Map<String, String> more = new java.util.LinkedHashMap<>(headers);
      more.put(name, value);
      return new Call(method, uri, scope, accept, more, body);
    }

    Call body(BodyFactory b) {
      return new Call(method, uri, scope, accept, headers, b);
    }

    Call scope(String s) {
      return new Call(method, uri, s, accept, headers, body);
    }

    /** The same call to the same path on another base (http:// became https://). */
    Call rebased(String from, String to) {
      return new Call(method, URI.create(to + uri.toString().substring(from.length())), scope, accept, headers, body);
    }
  }

  /** Sends {@code call} with our authorization, answering the registry's 401 challenges. */
  private Response send(Call call) {
    String callScope = call.scope() != null ? call.scope() : scope;
    String answered = null;
    for (int challenges = 0; ; challenges++) {
      // The body first: a blob upload's body is a source stream, and the authorization is taken
      // only once its first bytes are there, so a slow source cannot make it stale on the way.
      Body body = body(call);
      String authorization = challenges == 0 ? auth.header(callScope).orElse(null) : answered;
      Response response = exchange(call, body, authorization);
      if (response.status() != 401 || challenges == MAX_CHALLENGES) {
        return response;
      }
      discard(response);
      answered = auth.answer(callScope, response.headers().first("WWW-Authenticate").orElse(null), authorization);
    }
  }

  private Body body(Call call) {
    try {
      return call.body().make();
    } catch (RegistryException.Carrier e) {
      throw e.exception();
    } catch (IOException e) {
      throw network(describe(call), e);
    }
  }

  /** One request and its response headers; a 429 ends here, as a rate-limit failure. */
  private Response exchange(Call call, Body body, String authorization) {
    String base = endpoint.base();
    boolean settling = !endpoint.settled() && call.uri().toString().startsWith(base + "/");
    Response response;
    try {
      response = transmit(call, body, authorization);
    } catch (IOException e) {
      if (settling && transport.settle(endpoint, null, e)) {
        return exchange(call.rebased(base, endpoint.base()), body(call), authorization);
      }
      Optional<RegistryException> source = RegistryException.carriedBy(e);
      if (source.isPresent()) {
        throw source.get(); // the source stream broke, not this request
      }
      throw network(describe(call), e);
    }
    if (settling && transport.settle(endpoint, response, null)) {
      discard(response);
      return exchange(call.rebased(base, endpoint.base()), body(call), authorization);
    }
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} -> {} {}", call.method(), call.uri(), response.status(), response.headers().first("WWW-Authenticate").orElse(""));
    }
    response.headers().first("ratelimit-remaining").ifPresent(remaining ->
        rateLimits.record(registry, response.headers().first("ratelimit-limit").orElse(null), remaining));
    if (response.status() == 429) {
      throw rateLimited(response);
    }
    return response;
  }

  private Response transmit(Call call, Body body, String authorization) throws IOException {
    Headers headers = new Headers().add("User-Agent", RegistrySession.USER_AGENT);
    if (!call.accept().isEmpty()) {
      headers.add("Accept", String.join(", ", call.accept()));
    }
    call.headers().forEach(headers::add);
    if (authorization != null) {
      headers.add("Authorization", authorization);
    }
    // The commit of a large upload may take a while on registries that copy it into storage.
    Duration timeout = call.method().equals("PUT") && call.uri().getRawQuery() != null && call.uri().getRawQuery().contains("digest=")
        ? COMMIT_TIMEOUT : TIMEOUT;
    if (LOG.isTraceEnabled()) {
      LOG.trace("{} {} {}", call.method(), call.uri(), headersForTrace(headers)); // secrets are masked by the log layout
    }
    return endpoint.client().send(new Request(call.method(), call.uri(), headers, body, timeout));
  }

  private static String headersForTrace(Headers headers) {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("Accept", "Authorization", "Content-Type")) {
      headers.first(name).ifPresent(v -> text.append(name).append(": ").append(v).append("; "));
    }
    return text.toString();
  }

  private static String describe(Call call) {
    String path = call.uri().getPath();
    int v2 = path.indexOf("/v2/");
    String what = v2 < 0 ? path : path.substring(v2 + 4);
    return call.method() + " " + what.replaceFirst("^.*?/(manifests|blobs|tags)/", "$1/");
  }

  /** A body that is not wanted: read (small ones, so the connection is reused) and closed. */
  private static void discard(Response response) {
    try (InputStream body = response.body()) {
      body.readNBytes(MAX_ERROR_BYTES);
    } catch (IOException e) {
      LOG.trace("discarding a response body: {}", e.toString());
    }
  }

  /** The start of an error response's body, for the message. */
  private static String errorText(Response response) {
    try (InputStream body = response.body()) {
      return new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private void expect(Response response, String action, int... statuses) {
    if (!answered(response, statuses)) {
      throw failure(response, action, errorText(response));
    }
  }

  private static boolean answered(Response response, int... statuses) {
    for (int s : statuses) {
      if (response.status() == s) {
        return true;
      }
    }
    return false;
  }

  /** Like {@link #expect}, with the hint a refused push on ACR needs. */
  private void expectPushed(Response response, String action, int... statuses) {
    if (answered(response, statuses)) {
      return;
    }
    String body = errorText(response);
    throw pushRefused(failure(response, action, body), ErrorBodies.describe(response.status(), body));
  }

  /** A registry's refusal in one line: authentication, access, or what the registry said. */
  private RegistryException failure(Response response, String action, String body) {
    int status = response.status();
    String detail = ErrorBodies.describe(status, body);
    String code = ErrorBodies.firstCode(body);
    if (status == 401) {
      return new RegistryException(RegistryException.Kind.UNAUTHORIZED, "authentication failed for " + registry + " (" + detail + ")");
    }
    if (status == 403 || code.equals("DENIED")) {
      return new RegistryException(RegistryException.Kind.DENIED, "access to " + registry + "/" + repository + " denied (" + detail + ")");
    }
    if (status == 404) {
      return new RegistryException(RegistryException.Kind.NOT_FOUND, registry + "/" + repository + ": " + action + " failed: " + detail);
    }
    String message = registry + "/" + repository + ": " + action + " failed: " + detail;
    if (status == 408 || status == 500 || status == 502 || status == 503 || status == 504) {
      return RegistryException.transientFailure(RegistryException.Kind.OTHER, message, null, retryAfter(response).orElse(null));
    }
    return new RegistryException(RegistryException.Kind.OTHER, message);
  }

  /** Retry-After in seconds (the HTTP-date form is rare on registries and read as absent). */
  private static Optional<Duration> retryAfter(Response response) {
    return response.headers().first("Retry-After").map(String::trim).filter(v -> v.matches("\\d{1,9}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)));
  }

  /**
   * A push refused with NAME_UNKNOWN or DENIED: on ACR (personal and enterprise) that almost
   * always means the namespace does not exist or does not create repositories on push.
   */
  private RegistryException pushRefused(RegistryException e, String detail) {
    if (access != Access.PUSH) {
      return e;
    }
    String text = detail + " " + e.getMessage();
    boolean refused = e.kind() == RegistryException.Kind.DENIED || text.contains("NAME_UNKNOWN")
        || text.contains("name unknown") || text.contains("not known to registry");
    if (!refused) {
      return e;
    }
    String namespace = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : repository;
    return new RegistryException(RegistryException.Kind.DENIED, "cannot push to " + registry + "/" + repository + ": namespace "
        + namespace + " does not exist on " + registry + " or auto-create is off (" + detail + ")", e);
  }

  /**
   * 429. With a Retry-After the run can wait for (at most {@link Retrying#MAX_RETRY_AFTER}), or
   * no word about limits at all, it is a pause to wait out. Otherwise it is the registry's pull
   * limit (Docker Hub says so in ratelimit-* headers, or asks to come back in hours): nothing more
   * is pulled from that registry in this run, rather than hammering it, and the message says when
   * the limit resets, as far as the registry tells.
   */
  private RegistryException rateLimited(Response response) {
    String body = errorText(response);
    Optional<Duration> wait = retryAfter(response);
    Optional<String> limit = response.headers().first("ratelimit-limit");
    boolean pullLimit = response.headers().first("ratelimit-remaining").isPresent() || limit.isPresent();
    String said = body.isBlank() ? "HTTP 429 Too Many Requests" : ErrorBodies.describe(429, body);
    if (wait.isPresent() ? wait.get().compareTo(Retrying.MAX_RETRY_AFTER) <= 0 : !pullLimit) {
      return RegistryException.transientFailure(RegistryException.Kind.RATE_LIMITED,
          registry + " asks to slow down (" + said + wait.map(w -> ", retry after " + w.toSeconds() + " s").orElse("") + ")",
          null, wait.orElse(null));
    }
    String resets = "";
    if (wait.isPresent()) {
      resets = "; it resets in " + RateLimits.duration(wait.get().toSeconds());
    } else if (limit.isPresent() && limit.get().matches(".*w=\\d+.*")) {
      resets = "; the limit counts per " + RateLimits.duration(Long.parseLong(limit.get().replaceAll(".*w=(\\d+).*", "$1")));
    }
    String hint = registry.equals(ImageReference.DOCKER_HUB) && auth.credential().isEmpty()
        ? "; logging in (DOCKERHUB_USERNAME, DOCKERHUB_TOKEN) raises it" : "";
    // A HEAD's 429 has no body to quote (Docker Hub's neither).
    String reason = "pull limit of " + registry + " reached (" + said + ")" + resets + hint
        + "; nothing more is pulled from " + registry + " in this run";
    rateLimits.exhausted(registry, reason);
    return new RegistryException(RegistryException.Kind.RATE_LIMITED, reason);
  }

  private RegistryException network(String action, IOException e) {
    Optional<RegistryException> carried = RegistryException.carriedBy(e);
    if (carried.isPresent()) {
      return carried.get();
    }
    if (e instanceof SSLException || e.getCause() instanceof SSLException) {
      return new RegistryException(RegistryException.Kind.TLS,
          "TLS connection to " + registry + " failed (" + firstLine(rootMessage(e))
              + "); if it serves plain HTTP or a self-signed certificate, pass --insecure-registry " + registry, e);
    }
    String message = registry + "/" + repository + ": " + action + " failed: " + describeNetworkFailure(e);
    if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
      return new RegistryException(RegistryException.Kind.NETWORK, message, e);
    }
    // Resets, timeouts, bodies cut short, a registry restarting: worth another attempt.
    return RegistryException.transientFailure(RegistryException.Kind.NETWORK, message, e, null);
  }

  /** The usual network failures in words; anything else by its type and first line. */
  private String describeNetworkFailure(IOException e) {
    if (e instanceof java.net.ConnectException) {
      String why = e.getMessage() == null ? rootMessage(e) : e.getMessage();
      return "cannot connect to " + registry + " (" + firstLine(why).toLowerCase(Locale.ROOT) + ")";
    }
    if (e instanceof java.net.UnknownHostException || e.getCause() instanceof java.net.UnknownHostException) {
      return "unknown host " + registry;
    }
    if (e instanceof java.net.SocketTimeoutException) {
      return "timed out talking to " + registry;
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
  }

  /**
   * A source blob's body. Its read failures are carried as the source's RegistryException, so an
   * error in the middle of a copy is blamed on the right registry.
   */
  private final class SourceStream extends FilterInputStream {
    private final String action;

    SourceStream(InputStream in, String action) {
      super(in);
      this.action = action;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw new RegistryException.Carrier(network(action, e));
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw new RegistryException.Carrier(network(action, e));
      }
    }
  }

  private URI api(String path) {
    return URI.create(endpoint.base() + "/v2/" + repository + path);
  }

  private String where(String reference) {
    return registry + "/" + repository + (Digest.isDigest(reference) ? "@" : ":") + reference;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
