package dev.imagesync.registry;

import com.google.api.client.http.ByteArrayContent;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import com.google.cloud.tools.jib.registry.RegistryClient;
import dev.imagesync.image.Digest;
import dev.imagesync.image.InvalidManifestException;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * {@link RepositoryClient} on Jib Core. Blobs go through Jib's {@link RegistryClient} (HEAD, a
 * streaming GET handed straight to a streaming upload, cross-repository mount). Manifests go
 * through Jib's {@link FailoverHttpClient} as raw bytes, because Jib's manifest API parses and
 * re-serialises them, which changes digests.
 */
final class JibRepositoryClient implements RepositoryClient {

  /** Distribution refuses manifests above 4 MiB; anything larger is not a manifest. */
  private static final int MAX_MANIFEST_BYTES = 4 << 20;

  private static final int TIMEOUT_MILLIS = 60_000;

  private final FailoverHttpClient http;
  private final EventHandlers jibEvents;
  private final String registry;
  private final String apiHost;
  /** The scheme of our own requests: http where the registry is known to speak plain HTTP. */
  private final String scheme;
  private final String repository;
  private final Access access;
  private final Optional<String> mountFrom;
  private final Optional<RegistryCredential> credential;
  private final TokenAuthenticator auth;
  private final RateLimits rateLimits;
  private RegistryClient jib;

  JibRepositoryClient(
      FailoverHttpClient http, EventHandlers jibEvents, String registry, String apiHost, String scheme,
      String repository, Access access, Optional<String> mountFrom,
      Optional<RegistryCredential> credential, RateLimits rateLimits) {
    this.rateLimits = rateLimits;
    this.http = http;
    this.jibEvents = jibEvents;
    this.registry = registry;
    this.apiHost = apiHost;
    this.scheme = scheme;
    this.repository = repository;
    this.access = access;
    this.mountFrom = mountFrom;
    this.credential = credential;
    this.auth =
        new TokenAuthenticator(http, registry, credential, access.scope(repository), RegistrySession.USER_AGENT);
  }

  // ---- manifests: raw HTTP ----

  @Override
  public Optional<ManifestHead> headManifest(String reference) {
    try (Response response = callManifest("HEAD", reference, null)) {
      List<String> digestHeader = response.getHeader("Docker-Content-Digest");
      if (digestHeader.isEmpty() || !Digest.isDigest(digestHeader.get(0).trim())) {
        // Some registries omit the digest on HEAD; the body is the only source of truth then.
        return getManifest(reference).map(m -> new ManifestHead(m.digest(), m.mediaType(), m.size()));
      }
      List<String> type = response.getHeader("Content-Type");
      long length = response.getContentLength();
      return Optional.of(
          new ManifestHead(Digest.parse(digestHeader.get(0).trim()), type.isEmpty() ? "" : type.get(0), length));
    } catch (NotFound e) {
      return Optional.empty();
    } catch (IOException e) {
      throw network("check manifest " + reference, e);
    }
  }

  @Override
  public Optional<Manifest> getManifest(String reference) {
    try (Response response = callManifest("GET", reference, null);
        InputStream body = response.getBody()) {
      byte[] bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
      if (bytes.length > MAX_MANIFEST_BYTES) {
        throw new RegistryException(RegistryException.Kind.UNSUPPORTED,
            where(reference) + ": manifest larger than 4 MiB");
      }
      List<String> type = response.getHeader("Content-Type");
      Manifest manifest;
      try {
        manifest = Manifest.of(bytes, type.isEmpty() ? null : type.get(0));
      } catch (InvalidManifestException e) {
        throw new RegistryException(RegistryException.Kind.UNSUPPORTED, where(reference) + ": " + e.getMessage());
      }
      if (Digest.isDigest(reference) && !Digest.parse(reference).matches(bytes)) {
        throw new RegistryException(RegistryException.Kind.OTHER,
            where(reference) + ": the registry served bytes whose digest is " + manifest.digest());
      }
      return Optional.of(manifest);
    } catch (NotFound e) {
      return Optional.empty();
    } catch (IOException e) {
      throw network("read manifest " + reference, e);
    }
  }

  @Override
  public void putManifest(String reference, Manifest manifest) {
    ByteArrayContent body = new ByteArrayContent(manifest.mediaType(), manifest.bytes());
    try (Response response = callManifest("PUT", reference, body)) {
      List<String> stored = response.getHeader("Docker-Content-Digest");
      if (!stored.isEmpty() && !stored.get(0).trim().equals(manifest.digest().toString())) {
        throw new RegistryException(RegistryException.Kind.OTHER,
            where(reference) + ": the registry stored the manifest as " + stored.get(0).trim()
                + ", not " + manifest.digest());
      }
    } catch (NotFound e) {
      throw pushRefused(new RegistryException(RegistryException.Kind.NOT_FOUND, where(reference) + ": " + e.getMessage()), e.getMessage());
    } catch (RegistryException e) {
      throw pushRefused(e, e.getMessage());
    } catch (IOException e) {
      throw network("write manifest " + reference, e);
    }
  }

  /** 404 on a manifest: expected (absent), so it is not a {@link RegistryException}. */
  private static final class NotFound extends IOException {
    NotFound(String message) {
      super(message);
    }
  }

  private Response callManifest(String method, String reference, ByteArrayContent body) throws IOException {
    return callApi(method, url("/manifests/" + reference), body, MediaTypes.ACCEPT_ALL);
  }

  /** One registry API call with our authorization, answering 401 challenges (twice at most). */
  private Response callApi(String method, URL url, ByteArrayContent body, List<String> accept) throws IOException {
    Authorization authorization = auth.current();
    for (int attempt = 0; ; attempt++) {
      Request request =
          Request.builder()
              .setUserAgent(RegistrySession.USER_AGENT)
              .setHttpTimeout(TIMEOUT_MILLIS)
              .setAccept(accept)
              .setAuthorization(authorization)
              .setBody(body)
              .build();
      try {
        Response response = http.call(method, url, request);
        List<String> remaining = response.getHeader("ratelimit-remaining");
        if (!remaining.isEmpty()) {
          List<String> limit = response.getHeader("ratelimit-limit");
          rateLimits.record(registry, limit.isEmpty() ? null : limit.get(0), remaining.get(0));
        }
        return response;
      } catch (ResponseException e) {
        int status = e.getStatusCode();
        if (status == 429) {
          throw rateLimited(e.getHeaders(), e.getContent());
        }
        if (status == 401 && attempt < 2) {
          if (e.requestAuthorizationCleared()) {
            throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
                "authentication failed for " + registry + " (credentials are not sent over plain HTTP)");
          }
          authorization = auth.answer(e.getHeaders().getAuthenticate(), authorization);
          continue;
        }
        String detail = ErrorBodies.describe(status, e.getContent());
        if (status == 404) {
          throw new NotFound(detail);
        }
        throw httpFailure(method + " " + url.getPath().replaceFirst("^/v2/[^?]*?/(manifests|tags)/", "$1 "), status, e.getContent(), detail);
      } catch (SSLException e) {
        throw tls(e);
      }
    }
  }

  /**
   * 429: the registry's pull limit is reached. Nothing more is pulled from it in this run, rather
   * than hammering it; the message says when the limit resets, as far as the registry tells.
   */
  private RegistryException rateLimited(com.google.api.client.http.HttpHeaders headers, String body) {
    String resets = "";
    String retry = firstHeader(headers, "retry-after");
    String limit = firstHeader(headers, "ratelimit-limit");
    if (retry != null && retry.trim().matches("\\d+")) {
      resets = "; it resets in " + RateLimits.duration(Long.parseLong(retry.trim()));
    } else if (limit != null && limit.matches(".*w=\\d+.*")) {
      resets = "; the limit counts per " + RateLimits.duration(Long.parseLong(limit.replaceAll(".*w=(\\d+).*", "$1")));
    }
    String hint = registry.equals(dev.imagesync.image.ImageReference.DOCKER_HUB) && credential.isEmpty()
        ? "; logging in (DOCKERHUB_USERNAME, DOCKERHUB_TOKEN) raises it" : "";
    // A HEAD's 429 has no body to quote (Docker Hub's neither).
    String said = body == null || body.isBlank() ? "HTTP 429 Too Many Requests" : ErrorBodies.describe(429, body);
    String reason = "pull limit of " + registry + " reached (" + said + ")" + resets + hint
        + "; nothing more is pulled from " + registry + " in this run";
    rateLimits.exhausted(registry, reason);
    return new RegistryException(RegistryException.Kind.RATE_LIMITED, reason);
  }

  /** google-http-client keeps unknown headers as lists; the first value, or null. */
  private static String firstHeader(com.google.api.client.http.HttpHeaders headers, String name) {
    Object value = headers == null ? null : headers.get(name);
    if (value instanceof List<?> values) {
      return values.isEmpty() ? null : String.valueOf(values.get(0));
    }
    return value == null ? null : String.valueOf(value);
  }

  private RegistryException httpFailure(String action, int status, String body, String detail) {
    String code = ErrorBodies.firstCode(body);
    RegistryException.Kind kind =
        status == 401 ? RegistryException.Kind.UNAUTHORIZED
            : status == 403 || code.equals("DENIED") ? RegistryException.Kind.DENIED
            : RegistryException.Kind.OTHER;
    if (kind == RegistryException.Kind.UNAUTHORIZED) {
      return new RegistryException(kind, "authentication failed for " + registry + " (" + detail + ")");
    }
    if (kind == RegistryException.Kind.DENIED) {
      return new RegistryException(kind, "access to " + registry + "/" + repository + " denied (" + detail + ")");
    }
    return new RegistryException(kind, registry + "/" + repository + ": " + action + " failed: " + detail);
  }

  private URL url(String path) {
    try {
      // http only where the run's probe found plain HTTP (allowed for that host); otherwise
      // https, with FailoverHttpClient's fallback where the TransportPolicy allows it.
      return new URL(scheme + "://" + apiHost + "/v2/" + repository + path);
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("cannot build a URL for " + apiHost + "/" + repository, e);
    }
  }

  // ---- tags: raw HTTP (Jib has no tag listing) ----

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final java.util.regex.Pattern NEXT_LINK = java.util.regex.Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
  /** A bound on pages, so that a registry answering with a loop of links cannot hold a run forever. */
  private static final int MAX_TAG_PAGES = 1000;

  @Override
  public List<String> listTags() {
    List<String> tags = new java.util.ArrayList<>();
    // 100 per page: what Docker Hub and most registries accept; larger repositories paginate.
    String next = "/tags/list?n=100";
    try {
      for (int page = 0; next != null; page++) {
        if (page == MAX_TAG_PAGES) {
          throw new RegistryException(RegistryException.Kind.OTHER, registry + "/" + repository + ": more than " + MAX_TAG_PAGES + " pages of tags");
        }
        try (Response response = callApi("GET", url(next), null, List.of("application/json"));
            InputStream body = response.getBody()) {
          com.fasterxml.jackson.databind.JsonNode json = JSON.readTree(body);
          json.path("tags").forEach(t -> tags.add(t.asText()));
          next = nextPage(response.getHeader("Link"));
        }
      }
      return tags;
    } catch (NotFound e) {
      throw new RegistryException(RegistryException.Kind.NOT_FOUND, "repository " + registry + "/" + repository + " not found (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw network("list tags", e);
    }
  }

  /** The path (after /v2/NAME) of the next page from a Link header, or null on the last page. */
  private String nextPage(List<String> links) {
    for (String link : links) {
      java.util.regex.Matcher m = NEXT_LINK.matcher(link);
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

  // ---- blobs: Jib's RegistryClient ----

  @Override
  public boolean blobExists(Digest digest) {
    try {
      return jib().checkBlob(jibDigest(digest)).isPresent();
    } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
      RegistryException ours = translate("check blob " + digest.shortHex(), e);
      if (ours.kind() == RegistryException.Kind.DENIED) {
        // ACR answers a blob HEAD in a repository that has never been pushed with DENIED; the
        // upload that follows either works or fails with the real reason.
        org.slf4j.LoggerFactory.getLogger(JibRepositoryClient.class).debug("{}: {}; treated as absent", where(digest.toString()), ours.getMessage());
        return false;
      }
      throw ours;
    }
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
        + namespace + " does not exist on " + registry + " or auto-create is off (" + firstLine(detail) + ")", e);
  }

  @Override
  public BlobContent blob(Digest digest) {
    DescriptorDigest d = jibDigest(digest);
    return out -> {
      DestinationStream destination = new DestinationStream(out);
      try {
        jib().pullBlob(d, size -> {}, written -> {}).writeTo(destination);
      } catch (RegistryException e) {
        throw new RegistryException.Carrier(e);
      } catch (IOException e) {
        if (DestinationStream.failed(e)) {
          throw e; // the upload broke, not the download: the destination reports it
        }
        throw new RegistryException.Carrier(translate("read blob " + digest.shortHex(), e));
      }
    };
  }

  @Override
  public BlobPushOutcome pushBlob(Digest digest, BlobContent content) {
    DescriptorDigest d = jibDigest(digest);
    Blob blob = Blobs.from(content::writeTo, false);
    try {
      boolean mounted;
      try {
        mounted = jib().pushBlob(d, blob, mountFrom.orElse(null), written -> {});
      } catch (IllegalArgumentException jwtDecoding) {
        // Jib decodes bearer tokens with the wrong Base64 alphabet to decide whether a mount is
        // allowed, and some tokens make that throw before anything is sent: upload instead.
        mounted = jib().pushBlob(d, blob, null, written -> {});
      }
      return mounted ? BlobPushOutcome.MOUNTED : BlobPushOutcome.UPLOADED;
    } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
      RegistryException ours = translate("upload blob " + digest.shortHex(), e);
      throw RegistryException.carriedBy(e).isPresent() ? ours : pushRefused(ours, ours.getMessage());
    }
  }

  /** Jib's client for this repository, authenticated on first use. */
  private synchronized RegistryClient jib() throws IOException {
    if (jib == null) {
      RegistryClient.Factory factory =
          mountFrom.isPresent()
              ? RegistryClient.factory(jibEvents, apiHost, repository, mountFrom.get(), http)
              : RegistryClient.factory(jibEvents, apiHost, repository, http);
      factory.setUserAgent(RegistrySession.USER_AGENT);
      credential.ifPresent(c -> factory.setCredential(Credential.from(c.username(), c.password())));
      RegistryClient client = factory.newRegistryClient();
      try {
        boolean bearer = access == Access.PUSH ? client.doPushBearerAuth() : client.doPullBearerAuth();
        if (!bearer && credential.isPresent()) {
          client.configureBasicAuth();
        }
      } catch (com.google.cloud.tools.jib.api.RegistryException e) {
        throw translate("authenticate", e);
      }
      jib = client;
    }
    return jib;
  }

  private static DescriptorDigest jibDigest(Digest digest) {
    try {
      return DescriptorDigest.fromDigest(digest.toString());
    } catch (java.security.DigestException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Jib's exceptions, in our words. Jib's own messages are not passed on for authentication
   * failures: some of them carry the token service's response.
   */
  private RegistryException translate(String action, Exception e) {
    if (e instanceof RegistryException ours) {
      return ours;
    }
    Optional<RegistryException> carried = RegistryException.carriedBy(e);
    if (carried.isPresent()) {
      return carried.get();
    }
    if (e instanceof InsecureRegistryException || e instanceof SSLException) {
      return tls(e);
    }
    if (e instanceof RegistryUnauthorizedException unauthorized) {
      Throwable cause = unauthorized.getCause();
      if (cause instanceof ResponseException r && r.getStatusCode() == 403) {
        return new RegistryException(RegistryException.Kind.DENIED,
            "access to " + registry + "/" + repository + " denied (" + action + ")");
      }
      return new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (" + action + " in " + repository + ")");
    }
    if (e instanceof com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException
        || e instanceof com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException) {
      return new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (" + action + " in " + repository + ")");
    }
    if (e instanceof ResponseException r) {
      if (r.getStatusCode() == 429) {
        return rateLimited(r.getHeaders(), r.getContent());
      }
      return httpFailure(action, r.getStatusCode(), r.getContent(), ErrorBodies.describe(r.getStatusCode(), r.getContent()));
    }
    if (e instanceof IOException && e.getCause() instanceof com.google.cloud.tools.jib.api.RegistryException inner) {
      // pullBlob wraps the registry's answer about the blob (unknown, wrong digest) in IOException.
      return translate(action, inner);
    }
    if (e instanceof com.google.cloud.tools.jib.api.RegistryException) {
      return new RegistryException(RegistryException.Kind.OTHER,
          registry + "/" + repository + ": " + action + " failed: " + jibReason(e.getMessage()));
    }
    return network(action, (IOException) e);
  }

  private RegistryException network(String action, IOException e) {
    if (e instanceof SSLException) {
      return tls(e);
    }
    Optional<RegistryException> carried = RegistryException.carriedBy(e);
    if (carried.isPresent()) {
      return carried.get();
    }
    return new RegistryException(RegistryException.Kind.NETWORK,
        registry + "/" + repository + ": " + action + " failed: " + describeNetworkFailure(e), e);
  }

  /** The usual network failures in words; anything else by its type and first line. */
  private String describeNetworkFailure(IOException e) {
    if (e instanceof java.net.ConnectException) { // includes Apache's HttpHostConnectException
      return "cannot connect to " + registry + " (" + firstLine(e.getMessage()).replaceAll(".*failed: ", "").toLowerCase(java.util.Locale.ROOT) + ")";
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host " + registry;
    }
    if (e instanceof java.net.SocketTimeoutException || e instanceof org.apache.http.conn.ConnectTimeoutException) {
      return "timed out talking to " + registry;
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
  }

  private RegistryException tls(Exception e) {
    return new RegistryException(RegistryException.Kind.TLS,
        "TLS connection to " + registry + " failed (" + firstLine(String.valueOf(e.getMessage()))
            + "); if it serves plain HTTP or a self-signed certificate, pass --insecure-registry " + registry, e);
  }

  /** Jib's "Tried to X but failed because: REASON (something went wrong)" → REASON. */
  static String jibReason(String message) {
    String m = firstLine(message);
    int because = m.indexOf("failed because: ");
    if (because >= 0) {
      m = m.substring(because + "failed because: ".length());
    }
    return m.replace(" (something went wrong)", "").strip();
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
