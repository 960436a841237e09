package dev.imagesync.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real CNCF distribution registry for one test, on a free 127.0.0.1 port with its own temporary
 * storage and its access log on (so tests can count the requests a run made).
 *
 * <p>Debian's {@code docker-registry} binary runs as a process; where it is absent and a Docker
 * engine is present, {@code registry:2} runs through Testcontainers. With neither, the test fails
 * and says how to get one: a copy test that cannot reach a registry must not pass.
 */
public abstract class TestRegistry implements AutoCloseable {

  private static final Pattern REQUEST = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3})");

  /** host:port, as an image reference writes it. */
  public abstract String address();

  /** Everything the registry has logged so far. */
  protected abstract String log();

  /** Stops the registry and removes its storage. */
  @Override
  public abstract void close();

  /**
   * The upload sessions of {@code repository} that exist in the registry's storage, neither
   * committed nor cancelled: those with a {@code startedat} file, without which distribution
   * knows no session (an aborted PUT may leave a stray {@code hashstates} directory behind that
   * the registry's purge removes).
   */
  public abstract List<String> openUploads(String repository);

  public static TestRegistry start() {
    return start(null);
  }

  /** A registry that requires basic auth (htpasswd, bcrypt as distribution requires). */
  public static TestRegistry startWithBasicAuth(String user, String password) {
    return start(htpasswd(user, password));
  }

  /** A registry serving HTTPS with {@code keys}' certificate that requires basic auth: as Amazon ECR does (user AWS). */
  public static TestRegistry startWithTlsAndBasicAuth(TestKeys keys, String user, String password) {
    Path binary = findOnPath("docker-registry");
    if (binary == null) {
      throw new IllegalStateException("TLS tests need Debian's docker-registry (sudo apt-get install -y docker-registry)");
    }
    return ProcessRegistry.launch(binary, htpasswd(user, password), null, keys);
  }

  private static String htpasswd(String user, String password) {
    Path htpasswd = findOnPath("htpasswd");
    if (htpasswd == null) {
      throw new IllegalStateException("htpasswd is needed for registries with basic auth: sudo apt-get install -y apache2-utils");
    }
    try {
      Process p = new ProcessBuilder(htpasswd.toString(), "-Bbn", user, password).redirectErrorStream(true).start();
      String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("htpasswd failed: " + line);
      }
      return line + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A registry serving HTTPS with {@code keys}' certificate (self-signed, so untrusted by default). */
  public static TestRegistry startWithTls(TestKeys keys) {
    Path binary = findOnPath("docker-registry");
    if (binary == null) {
      throw new IllegalStateException("TLS tests need Debian's docker-registry (sudo apt-get install -y docker-registry)");
    }
    return ProcessRegistry.launch(binary, null, null, keys);
  }

  /** A registry that accepts only bearer tokens from {@code tokens} (auth: token), like Docker Hub. */
  public static TestRegistry startWithTokenAuth(TokenServer tokens) {
    Path binary = findOnPath("docker-registry");
    if (binary == null) {
      throw new IllegalStateException("token-auth tests need Debian's docker-registry (sudo apt-get install -y docker-registry)");
    }
    return ProcessRegistry.launch(binary, null, "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TokenServer.SERVICE
        + "\n    issuer: " + tokens.issuer() + "\n    rootcertbundle: " + tokens.certificatePem() + "\n", null);
  }

  private static TestRegistry start(String htpasswdContent) {
    Path binary = findOnPath("docker-registry");
    if (binary != null) {
      return ProcessRegistry.launch(binary, htpasswdContent, null, null);
    }
    if (ContainerRegistry.dockerAvailable()) {
      return ContainerRegistry.launch(htpasswdContent);
    }
    throw new IllegalStateException(
        "no registry to test against: install Debian's distribution registry"
            + " (sudo apt-get install -y docker-registry) or run a Docker engine for registry:2");
  }

  static Path findOnPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** One logged HTTP request: method, path, status. */
  public record LoggedRequest(String method, String path, int status) {}

  /** The registry's own log so far (for failure messages). */
  public String logText() {
    return log();
  }

  /** The requests the registry has served so far, in order. */
  public List<LoggedRequest> requests() {
    String log = log();
    Matcher m = REQUEST.matcher(log);
    Stream.Builder<LoggedRequest> all = Stream.builder();
    while (m.find()) {
      all.add(new LoggedRequest(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
    }
    return all.build().toList();
  }

  /** Blob upload sessions started (each upload or mount attempt starts with one POST). */
  public long blobUploadsStarted() {
    return requests().stream().filter(r -> r.method().equals("POST") && r.path().contains("/blobs/uploads")).count();
  }

  public long count(String method, String pathPart) {
    return requests().stream().filter(r -> r.method().equals(method) && r.path().contains(pathPart)).count();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /** Whether {@code base} ({@code http://host:port} or https) answers /v2/ (TLS not verified). */
  static boolean answers(String base) {
    try {
      HttpResponse<Void> r =
          HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).sslContext(RawRegistry.trustAll()).build()
              .send(HttpRequest.newBuilder(URI.create(base + "/v2/")).timeout(Duration.ofSeconds(1)).build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200 || r.statusCode() == 401;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The distribution registry as a child process. */
  static final class ProcessRegistry extends TestRegistry {
    private final Process process;
    private final Path dir;
    private final Path logFile;
    private final String address;

    private ProcessRegistry(Process process, Path dir, Path logFile, String address) {
      this.process = process;
      this.dir = dir;
      this.logFile = logFile;
      this.address = address;
    }

    static ProcessRegistry launch(Path binary, String htpasswdContent, String authBlock, TestKeys tls) {
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          return tryStart(binary, htpasswdContent, authBlock, tls);
        } catch (IllegalStateException e) {
          last = e; // most likely the port was taken between choosing and binding it
        }
      }
      throw last;
    }

    private static ProcessRegistry tryStart(Path binary, String htpasswdContent, String authBlock, TestKeys tls) {
      try {
        Path dir = Files.createTempDirectory("imagesync-registry");
        int port = freePort();
        String address = "127.0.0.1:" + port;
        Path config = dir.resolve("config.yml");
        String auth = authBlock == null ? "" : authBlock;
        if (htpasswdContent != null) {
          Path htpasswd = dir.resolve("htpasswd");
          Files.writeString(htpasswd, htpasswdContent);
          auth = "auth:\n  htpasswd:\n    realm: imagesync-tests\n    path: " + htpasswd + "\n";
        }
        Files.writeString(config, auth + String.join("\n",
            "version: 0.1",
            "log:",
            "  level: warn",
            "  accesslog:",
            "    disabled: false",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + dir.resolve("data"),
            "  delete:",
            "    enabled: true",
            "http:",
            "  addr: " + address,
            "  secret: imagesync-tests-only",
            tls == null ? "" : "  tls:\n    certificate: " + tls.certificatePem() + "\n    key: " + tls.keyPem(),
            ""));
        Path logFile = dir.resolve("registry.log");
        Process process =
            new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
          if (answers((tls == null ? "http://" : "https://") + address)) {
            return new ProcessRegistry(process, dir, logFile, address);
          }
          if (!process.isAlive()) {
            break;
          }
          Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("docker-registry did not start on " + address + ": " + Files.readString(logFile));
      } catch (IOException e) {
        throw new IllegalStateException("cannot start docker-registry: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    @Override
    public String address() {
      return address;
    }

    @Override
    public List<String> openUploads(String repository) {
      Path uploads = dir.resolve("data/docker/registry/v2/repositories").resolve(repository).resolve("_uploads");
      if (!Files.isDirectory(uploads)) {
        return List.of();
      }
      try (Stream<Path> sessions = Files.list(uploads)) {
        return sessions.filter(p -> Files.exists(p.resolve("startedat"))).map(p -> p.getFileName().toString()).sorted().toList();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    protected String log() {
      try {
        return Files.readString(logFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Stops the registry (a test of an unreachable destination uses this). */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      deleteRecursively(dir);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is not worth failing a test for
    }
  }
}
