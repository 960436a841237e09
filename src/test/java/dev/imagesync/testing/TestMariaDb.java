package dev.imagesync.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server for one test class: Debian's {@code mariadb-server} started as a process
 * on a free 127.0.0.1 port with a temporary data directory (no Docker engine here), a database
 * and a user with a password, as a workflow's MySQL would have. Stopped and deleted on close.
 */
public final class TestMariaDb implements AutoCloseable {

  public static final String DATABASE = "images";
  public static final String USER = "imagesync";
  /** Unusual enough to be found if it ever leaks into an output. */
  public static final String PASSWORD = "Db-pw-7f3c9e1a";

  private final Path dir;
  private Process server;
  private final int port;
  /** How the server was started: {@link #restart} starts it so again, on the same port and data. */
  private List<String> serve;

  private TestMariaDb(Path dir, Process server, int port) {
    this.dir = dir;
    this.server = server;
    this.port = port;
  }

  public static TestMariaDb start() {
    Path installDb = find("mariadb-install-db");
    Path mariadbd = find("mariadbd");
    Path client = find("mariadb");
    try {
      Path dir = Files.createTempDirectory("imagesync-mariadb");
      boolean root = "root".equals(System.getProperty("user.name"));
      List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
          "--auth-root-authentication-method=normal", "--skip-test-db"));
      if (root) {
        install.add("--user=root");
      }
      run(install, dir.resolve("install.log"));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      List<String> serve = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults", "--datadir=" + dir.resolve("data"),
          "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"), "--pid-file=" + dir.resolve("pid"),
          "--skip-log-bin", "--innodb-buffer-pool-size=16M", "--skip-name-resolve"));
      if (root) {
        serve.add("--user=root");
      }
      Process server = new ProcessBuilder(serve).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
      TestMariaDb db = new TestMariaDb(dir, server, port);
      db.serve = serve;
      db.awaitSocket();
      run(List.of(client.toString(), "--no-defaults", "-uroot", "--socket=" + dir.resolve("sock"), "-e",
          "CREATE DATABASE " + DATABASE + "; CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
              + " GRANT ALL ON " + DATABASE + ".* TO '" + USER + "'@'%';"), dir.resolve("setup.log"));
      return db;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path find(String name) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(name + " is needed for the queue tests: sudo apt-get install -y mariadb-server");
  }

  private static void run(List<String> command, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  private void awaitSocket() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(dir.resolve("sock"))) {
      if (!server.isAlive() || System.nanoTime() > deadline) {
        String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
        close();
        throw new IllegalStateException("MariaDB did not start: " + log);
      }
      Thread.sleep(50);
    }
  }

  /** Kills the server (-9, as a crash or an OOM kill would) and starts it again, same port and data, {@code downFor} later. */
  public void restart(java.time.Duration downFor) {
    try {
      server.destroyForcibly();
      server.waitFor(20, TimeUnit.SECONDS);
      Files.deleteIfExists(dir.resolve("sock"));
      Files.deleteIfExists(dir.resolve("pid"));
      Thread.sleep(downFor.toMillis());
      server = new ProcessBuilder(serve).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
      awaitSocket();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The variables the database workflow sets. */
  public Map<String, String> environment() {
    return Map.of("MYSQL_HOST", "127.0.0.1", "MYSQL_PORT", String.valueOf(port), "MYSQL_DB", DATABASE, "MYSQL_USER", USER,
        "MYSQL_PASSWORD", PASSWORD);
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE, USER, PASSWORD);
  }

  public void execute(String... statements) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Each row of {@code sql} as its columns' text (null as "NULL"). */
  public List<List<String>> query(String sql) {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          String v = r.getString(i);
          row.add(v == null ? "NULL" : v);
        }
        rows.add(row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  @Override
  public void close() {
    server.destroy();
    try {
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException e) {
      // a temporary directory left behind
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
