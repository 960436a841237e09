package dev.imagesync.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real squid for one test: Debian's {@code squid} started as a process on a free loopback port,
 * wanting Basic credentials ({@code basic_ncsa_auth} over an htpasswd file), resolving the names
 * given to {@link #start} from its own hosts file (and nothing else: its DNS server is 127.0.0.1,
 * where none answers). What it refused and passed is read from its access log.
 */
public final class TestSquid implements AutoCloseable {

  private static final Path SQUID = Path.of("/usr/sbin/squid");
  private static final Path NCSA = Path.of("/usr/lib/squid/basic_ncsa_auth");

  private final Process process;
  private final Path dir;
  private final int port;

  private TestSquid(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Squid wanting {@code user}:{@code password}, with {@code hostNames} resolving to 127.0.0.1. */
  public static TestSquid start(String user, String password, List<String> hostNames) throws IOException {
    if (!Files.isExecutable(SQUID) || !Files.isExecutable(NCSA)) {
      throw new IllegalStateException("squid is needed for the proxy tests: sudo apt-get install -y squid");
    }
    Path dir = Files.createTempDirectory("imagesync-squid");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    run(List.of("htpasswd", "-b", "-c", dir.resolve("passwd").toString(), user, password), dir.resolve("htpasswd.log"));
    Files.writeString(dir.resolve("hosts"), hostNames.stream().map(h -> "127.0.0.1 " + h + "\n").reduce("", String::concat));
    Files.writeString(dir.resolve("squid.conf"), String.join("\n",
        "http_port 127.0.0.1:" + port,
        "pid_filename " + dir.resolve("squid.pid"),
        "cache_log " + dir.resolve("cache.log"),
        "access_log stdio:" + dir.resolve("access.log"),
        "coredump_dir " + dir,
        "cache deny all",
        "hosts_file " + dir.resolve("hosts"),
        "dns_nameservers 127.0.0.1",
        "shutdown_lifetime 0 seconds",
        "auth_param basic program " + NCSA + " " + dir.resolve("passwd"),
        "auth_param basic realm imagesync-test",
        "acl authenticated proxy_auth REQUIRED",
        "http_access allow authenticated",
        "http_access deny all",
        ""));
    // Run as root, squid drops to user proxy, which must be able to write its logs.
    if (isRoot()) {
      run(List.of("chown", "-R", "proxy", dir.toString()), dir.resolve("chown.log"));
    }
    Process p = new ProcessBuilder(SQUID.toString(), "-N", "-f", dir.resolve("squid.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("squid.out").toFile()).start();
    TestSquid squid = new TestSquid(p, dir, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("squid did not start: " + squid.logs());
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return squid;
      } catch (IOException e) {
        sleep(100);
      }
    }
    squid.close();
    throw new IllegalStateException("squid did not listen within 30 s: " + squid.logs());
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** The access log's lines: one per request, with squid's result code (TCP_DENIED/407 for a refusal). */
  public List<String> accessLog() throws IOException {
    Path log = dir.resolve("access.log");
    return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
  }

  /** How many requests squid refused for want of credentials (407). */
  public long refusals() throws IOException {
    return accessLog().stream().filter(l -> l.contains("/407 ")).count();
  }

  private String logs() {
    StringBuilder all = new StringBuilder();
    for (String name : List.of("squid.out", "cache.log")) {
      try {
        all.append(name).append(": ").append(Files.readString(dir.resolve(name))).append('\n');
      } catch (IOException e) {
        all.append(name).append(": (none)\n");
      }
    }
    return all.toString();
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(List<String> command, Path log) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    } catch (IOException e) {
      // a temporary directory left behind
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
