package dev.imagesync.registry;

import java.io.IOException;
import java.net.URI;
import dev.imagesync.http.Response;
import dev.imagesync.http.Request;
import dev.imagesync.http.HttpClientTransport;
import dev.imagesync.http.ProxyAddress;
import dev.imagesync.http.ProxySettings;
import dev.imagesync.http.Redirects;
import dev.imagesync.http.RequestLog;
import dev.imagesync.http.TlsTrust;
import dev.imagesync.http.Transport;
import dev.imagesync.image.ImageReference;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Everything one run knows about talking to registries, shared by all its jobs and threads: the
 * pooled connections, the scheme each registry speaks, one {@link RegistryAuth} per registry and
 * credential (a token for a scope is fetched once and reused by every job), the pull limits
 * registries announced, and one client per repository and access.
 *
 * <p>Each repository's requests pass a chain of small layers, the outermost first — {@link
 * Redirects} → {@link Authentication} → {@link RateLimitWatch} → {@link ProgressWatch} → {@link
 * SchemeSelection} → {@link UserAgent} → {@link HttpClientTransport} — and its operations are retried by {@link Retrying}.
 */
public final class RegistrySession implements Repositories, AutoCloseable {

  /** How this run reaches registries. */
  /** {@code timeout}: how long any wait for a server may last (--timeout). */
  public record Network(int jobs, List<X509Certificate> extraCertificates, ProxySettings proxies, Duration timeout) {}

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final TransportPolicy policy;
  private final CredentialProvider credentials;
  private final Retrying.Policy retries;
  private final HttpClientTransport http;
  private final ProxySettings proxies;
  private final Transport base;
  private final TokenService tokenService;
  private final RateLimits rateLimits = new RateLimits();
  private final TransferMeter meter = new TransferMeter();
  private final OpenUploads openUploads = new OpenUploads();
  private final Map<String, SchemeSelection> schemes = new ConcurrentHashMap<>();
  private final Map<AuthKey, RegistryAuth> auths = new ConcurrentHashMap<>();
  private final Map<String, RepositoryClient> clients = new ConcurrentHashMap<>();
  private final RegistryWarmUp warmUp;
  /** Per registry and namespace: the largest blob it took in this run (see {@link BlobUpload}). */
  private final Map<String, AtomicLong> acceptedSizes = new ConcurrentHashMap<>();

  public RegistrySession(TransportPolicy policy, CredentialProvider credentials, Retrying.Policy retries, Network network) {
    this.policy = policy;
    this.credentials = credentials;
    this.retries = retries;
    // Each job holds up to three connections at once (a source read, a destination write, a token
    // fetch), and any two may go to one host: a pool smaller than that could wait on itself.
    Duration connect = network.timeout().compareTo(CONNECT_TIMEOUT) < 0 ? network.timeout() : CONNECT_TIMEOUT;
    this.http = new HttpClientTransport(new HttpClientTransport.Options(3 * network.jobs() + 2, connect,
        new TlsTrust(network.extraCertificates(), authority -> policy.modeOf(authority) == TransportPolicy.Mode.INSECURE),
        network.proxies(), network.timeout()));
    this.proxies = network.proxies();
    this.base = new UserAgent(new RequestLog(http));
    this.tokenService = new TokenService(base, retries);
    this.warmUp = new RegistryWarmUp(network.jobs());
  }

  public RateLimits rateLimits() {
    return rateLimits;
  }

  /** What is being uploaded, for progress displays. */
  public TransferMeter meter() {
    return meter;
  }

  /**
   * Cancels (DELETE) the upload sessions still open at registries, waiting at most {@code within}:
   * for a run that is being stopped; nothing is tried again from now on. Returns how many were
   * in flight and how many of those the registries confirmed.
   */
  public CancelledUploads cancelOpenUploads(Duration within) {
    retries.progress().stop(); // first: no operation starts again while the uploads are cancelled
    return openUploads.cancelAll(within);
  }

  /** The proxies this run goes through (for its other requests: notifications). */
  public ProxySettings proxies() {
    return proxies;
  }

  /** The proxies requests went through, as {@code host:port} (never their credentials), for the summary. */
  public List<String> proxiesUsed() {
    return http.proxiesUsed().stream().map(ProxyAddress::toString).sorted().toList();
  }

  /** The docker archives this run writes, finished at its end ({@link #finishArchives}). */
  private final Map<java.nio.file.Path, DockerArchiveDestination> archives = new ConcurrentHashMap<>();

  /**
   * Puts the docker archives this run wrote in place (their manifest.json written, each renamed
   * over its path); one that got no whole image leaves its path as it was. Returns the files.
   */
  public List<String> finishArchives() {
    List<String> done = new java.util.ArrayList<>();
    archives.values().forEach(a -> a.finish().ifPresent(done::add));
    archives.clear();
    return done;
  }

  /** The run is stopping before its end: the docker archives it was writing are removed, their paths left as they were. */
  public void discardArchives() {
    archives.values().forEach(DockerArchiveDestination::discard);
  }

  /** Per origin registry, its mirror ({@code host[:port][/path]}); see {@link MirroredSource}. */
  private Map<String, String> mirrors = Map.of();
  private boolean trustMirrors;

  /** Sources on each key's registry are read through the mirror its value names; {@code trust}: tags are resolved there too. */
  public RegistrySession mirroring(Map<String, String> originToMirror, boolean trust) {
    this.mirrors = Map.copyOf(originToMirror);
    this.trustMirrors = trust;
    return this;
  }

  @Override
  public RepositoryClient openForPull(ImageReference repository) {
    String mirror = repository.isLayout() ? null : mirrors.get(repository.registry());
    if (mirror == null) {
      return open(repository, Access.PULL, Optional.empty(), CredentialProvider.Role.SOURCE);
    }
    int slash = mirror.indexOf('/');
    String host = slash < 0 ? mirror : mirror.substring(0, slash);
    String path = (slash < 0 ? "" : mirror.substring(slash + 1) + "/") + repository.repository();
    RepositoryClient near = open(ImageReference.repository(host, path), Access.PULL, Optional.empty(), CredentialProvider.Role.SOURCE);
    RepositoryClient far = open(repository, Access.PULL, Optional.empty(), CredentialProvider.Role.SOURCE);
    return new MirroredSource(far, near, host, trustMirrors);
  }

  @Override
  public RepositoryClient openForPush(ImageReference repository, Optional<ImageReference> mountSource) {
    Optional<String> mountFrom =
        mountSource
            .filter(s -> s.registry().equals(repository.registry()))
            .filter(s -> !s.repository().equals(repository.repository()))
            .map(ImageReference::repository);
    return open(repository, Access.PUSH, mountFrom, CredentialProvider.Role.DESTINATION);
  }

  private RepositoryClient open(ImageReference repository, Access access, Optional<String> mountFrom, CredentialProvider.Role role) {
    if (repository.isDockerArchive()) {
      java.nio.file.Path file = repository.archiveFile();
      return access == Access.PULL ? new DockerArchiveSource(file, repository.tag())
          : archives.computeIfAbsent(file, DockerArchiveDestination::new);
    }
    if (repository.isLayout()) {
      return new OciLayout(repository.layoutDirectory(), repository.repositoryName(), access == Access.PULL);
    }
    String registry = repository.registry();
    if (access == Access.PULL) {
      rateLimits.exhaustion(registry).ifPresent(reason -> {
        throw new RegistryException(RegistryException.Kind.RATE_LIMITED, reason);
      });
    }
    String key = repository.repositoryName() + "|" + access + "|" + mountFrom.orElse("") + "|" + role;
    return clients.computeIfAbsent(key, k -> {
      String apiHost = apiHost(registry);
      Optional<RegistryCredential> credential = credentials.credentialFor(repository, role);
      RegistryAuth auth = authOf(registry, credential);
      Transport limited = below(registry, credential);
      RepositoryEndpoint at = new RepositoryEndpoint(registry, apiHost, repository.repository(), access,
          scope -> new Redirects(new Authentication(limited, apiHost, auth, scope)), meter, openUploads, credential.isEmpty(),
          () -> auth.granted(access.scope(repository.repository())));
      String name = repository.repository();
      String namespace = registry + "/" + (name.contains("/") ? name.substring(0, name.indexOf('/')) : name);
      AtomicLong largestAccepted = acceptedSizes.computeIfAbsent(namespace, n -> new AtomicLong(-1));
      return new Retrying(new HttpRepositoryClient(at, mountFrom, largestAccepted, retries), retries, registry + "/" + name);
    });
  }

  /**
   * Whether {@code registry} takes {@code credential}, as {@code docker login} asks it: {@code GET
   * /v2/}, its challenge answered with the credential (Basic, or a token fetched for no scope: the
   * token service checks the password), and {@code GET /v2/} again, which must answer 200. Throws
   * the refusal as a {@link RegistryException}; returns when it is taken (or none is asked for).
   */
  public void checkLogin(String registry, RegistryCredential credential) {
    Transport transport = below(registry, Optional.of(credential));
    URI ping = URI.create("https://" + apiHost(registry) + "/v2/");
    RegistryAuth auth = authOf(registry, Optional.of(credential));
    String header = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      Request request = Request.of("GET", ping).withHeader("Accept", "application/json");
      Response response;
      try {
        response = transport.send(header == null ? request : request.withHeader("Authorization", header));
      } catch (IOException e) {
        throw RegistryErrors.network(registry, registry + ": logging in failed: ", e);
      }
      int status = response.status();
      String challenge = response.headers().first("WWW-Authenticate").orElse(null);
      response.discard();
      if (status == 200) {
        return;
      }
      if (status != 401) {
        throw new RegistryException(RegistryException.Kind.OTHER, registry + ": logging in failed: GET /v2/ answered HTTP " + status
            + " (is " + registry + " a registry?)");
      }
      if (header != null) {
        throw RegistryAuth.unauthorized(registry, Optional.of(credential));
      }
      header = auth.answer("", challenge, null);
    }
    throw RegistryAuth.unauthorized(registry, Optional.of(credential));
  }

  /** The registry's own API beside /v2/ (Harbor's), with the credentials a destination {@code repository} gets. */
  public RegistryApi api(ImageReference repository) {
    String registry = repository.registry();
    return new RegistryApi(registry, apiHost(registry), new ProgressWatch(schemeOf(registry), registry, retries.progress()),
        credentials.credentialFor(repository, CredentialProvider.Role.DESTINATION));
  }

  @Override
  public boolean countsPulls(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) || rateLimits.announced(registry);
  }

  @Override
  public List<String> catalog(String registry, String prefix) {
    String apiHost = apiHost(registry);
    // Credentials are found by repository: the prefix stands for the repositories listed.
    Optional<RegistryCredential> credential = credentials.credentialFor(ImageReference.repository(registry, prefix.isEmpty() ? "catalog" : prefix),
        CredentialProvider.Role.SOURCE);
    RegistryAuth auth = authOf(registry, credential);
    Transport limited = below(registry, credential);
    RepositoryEndpoint at = new RepositoryEndpoint(registry, apiHost, "_catalog", Access.CATALOG,
        scope -> new Redirects(new Authentication(limited, apiHost, auth, scope)), meter, openUploads);
    List<String> all = retries.attempt("listing the repositories of", registry, registry, () -> new CatalogCalls(at).list());
    String under = prefix.isEmpty() ? "" : prefix + "/";
    return all.stream().filter(r -> r.startsWith(under)).toList();
  }

  /** How requests to {@code registry} with {@code credential} are authorized: one for the run. */
  private RegistryAuth authOf(String registry, Optional<RegistryCredential> credential) {
    return auths.computeIfAbsent(new AuthKey(registry, credential), a -> new RegistryAuth(
        registry, credential, tokenService, schemeOf(registry)::overTls, policy.modeOf(registry) == TransportPolicy.Mode.INSECURE));
  }

  private SchemeSelection schemeOf(String registry) {
    return schemes.computeIfAbsent(registry, r -> new SchemeSelection(base, apiHost(r), policy.modeOf(r)));
  }

  /** The layers under authentication, for requests to {@code registry}. */
  private Transport below(String registry, Optional<RegistryCredential> credential) {
    return new RateLimitWatch(new ProgressWatch(schemeOf(registry), registry, retries.progress()), registry, rateLimits, credential.isEmpty(),
        retries.initialDelay());
  }

  /**
   * Starts setting up TLS on a thread of its own when the run is going to need it: a registry
   * among {@code repositories} is reached only over TLS (a loopback or insecure one is asked over
   * plain HTTP first), or --ca-cert announced one. Called as soon as the inputs are read, while the
   * run is still being planned: the JVM's trusted certificates take a few tenths of a second of
   * CPU to read at start-up, which would otherwise delay the first connection.
   */
  public void prepareTls(Collection<ImageReference> repositories) {
    if (http.tls().hasExtraCertificates()
        || repositories.stream().anyMatch(r -> !r.isLayout() && policy.modeOf(r.registry()) == TransportPolicy.Mode.SECURE)) {
      http.tls().prepareInBackground();
    }
  }

  @Override
  public void prepare(Collection<ImageReference> sources, Collection<ImageReference> destinations) {
    prepareTls(Stream.concat(sources.stream(), destinations.stream()).toList());
    Map<AuthKey, Set<String>> scopes = new LinkedHashMap<>();
    Map<AuthKey, Integer> jobs = new HashMap<>();
    for (boolean push : new boolean[] {false, true}) {
      for (ImageReference repository : push ? destinations : sources) {
        if (repository.isLayout()) {
          continue;
        }
        Optional<RegistryCredential> credential;
        try {
          credential = credentials.credentialFor(repository, push ? CredentialProvider.Role.DESTINATION : CredentialProvider.Role.SOURCE);
        } catch (RegistryException e) {
          continue; // a login that cannot be had (ECR's from refused AWS keys): the job that opens the repository says so in its line
        }
        AuthKey key = new AuthKey(repository.registry(), credential);
        scopes.computeIfAbsent(key, k -> new LinkedHashSet<>()).add((push ? Access.PUSH : Access.PULL).scope(repository.repository()));
        jobs.merge(key, 1, Integer::sum);
      }
    }
    scopes.forEach((key, asked) -> warmUp.start(new RegistryWarmUp.Registry(apiHost(key.registry()), authOf(key.registry(), key.credential()),
        below(key.registry(), key.credential()), List.copyOf(asked), jobs.get(key))));
  }

  /** The host that serves the registry API (Docker Hub's is not docker.io). */
  static String apiHost(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  @Override
  public void close() {
    http.close();
  }

  private record AuthKey(String registry, Optional<RegistryCredential> credential) {}
}
