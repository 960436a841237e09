package dev.imagesync.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.imagesync.http.TlsRehearsal;
import dev.imagesync.image.Digest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the launcher's training run goes through after the command itself. bin/imagesync makes its
 * ahead-of-time cache from the first run that does the work, and the cache holds the classes that
 * run loaded: a cache made by a {@code plan} or a no-op {@code copy} left out what {@code inspect}
 * needs (Jackson, picocli's other commands, TLS), and {@code inspect} over TLS took 0.43 s with a
 * plan's cache against 0.30 s with one made by this tour after that plan (a command run with a
 * cache made by itself pays some 4 % for the larger cache). So the training run also shows every
 * command's help, and runs
 * {@code inspect} and {@code ls} against a registry in this process on loopback (an image index of
 * two platforms), and TLS without a server ({@link TlsRehearsal}). It writes nothing, prints
 * nothing, reads no credentials, and whatever fails only leaves the cache smaller.
 */
final class TrainingTour {

  /** The system property bin/imagesync sets on the training run. */
  static final String PROPERTY = "imagesync.aot.training";

  private TrainingTour() {}

  static void runIfTraining() {
    if (!Boolean.getBoolean(PROPERTY)) {
      return;
    }
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    try {
      Logging.level("off"); // the command's --log-level or -v stays the command's
      run(nowhere, nowhere);
    } catch (Exception | LinkageError e) {
      // a rehearsal only
    }
  }

  /** The tour, the commands' output to {@code out} and {@code err}; what each command returned. */
  static java.util.List<Integer> run(PrintWriter out, PrintWriter err) throws Exception {
    java.util.List<Integer> codes = new java.util.ArrayList<>();
    Path noLogins = Files.createTempDirectory("imagesync-training");
    // No credentials, no proxies, no docker config of the user's: the rehearsal asks nobody for anything.
    Map<String, String> env = Map.of("DOCKER_CONFIG", noLogins.toString(), "HOME", noLogins.toString());
    try {
      codes.add(Main.run(out, err, env, "--help"));
      for (String command : new String[] {"sync", "copy", "ls", "inspect", "tag", "delete", "audit", "plan", "login"}) {
        codes.add(Main.run(out, err, env, command, "--help"));
      }
      try (LoopbackRegistry registry = new LoopbackRegistry()) {
        String image = registry.address() + "/training/app:1";
        codes.add(Main.run(out, err, env, "inspect", image));
        codes.add(Main.run(out, err, env, "inspect", "-o", "json", image));
        codes.add(Main.run(out, err, env, "ls", "--digests", registry.address() + "/training/app"));
      }
      TlsRehearsal.rehearse();
    } finally {
      Files.deleteIfExists(noLogins);
    }
    return codes;
  }

  /** A registry of one image index (two platforms), read-only, on a free loopback port. */
  private static final class LoopbackRegistry implements AutoCloseable {
    private static final String INDEX = "application/vnd.oci.image.index.v1+json";
    private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private final HttpServer server;
    private final Map<String, byte[]> documents = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();

    LoopbackRegistry() throws Exception {
      byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}".getBytes(StandardCharsets.UTF_8);
      String configDigest = digest(config);
      documents.put(configDigest, config);
      StringBuilder children = new StringBuilder();
      for (String arch : new String[] {"amd64", "arm64"}) {
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
            + "\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[],\"annotations\":{\"arch\":\"" + arch + "\"}}")
            .getBytes(StandardCharsets.UTF_8);
        String d = digest(manifest);
        documents.put(d, manifest);
        types.put(d, MANIFEST);
        children.append(children.length() == 0 ? "" : ",").append("{\"mediaType\":\"").append(MANIFEST).append("\",\"digest\":\"").append(d)
            .append("\",\"size\":").append(manifest.length).append(",\"platform\":{\"architecture\":\"").append(arch).append("\",\"os\":\"linux\"}}");
      }
      byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + INDEX + "\",\"manifests\":[" + children + "]}").getBytes(StandardCharsets.UTF_8);
      String indexDigest = digest(index);
      documents.put("1", index);
      documents.put(indexDigest, index);
      types.put("1", INDEX);
      types.put(indexDigest, INDEX);
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext("/", this::answer);
      server.start();
    }

    String address() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
      String path = exchange.getRequestURI().getPath();
      byte[] body = null;
      String type = "application/json";
      if (path.equals("/v2/")) {
        body = "{}".getBytes(StandardCharsets.UTF_8);
      } else if (path.equals("/v2/training/app/tags/list")) {
        body = "{\"name\":\"training/app\",\"tags\":[\"1\"]}".getBytes(StandardCharsets.UTF_8);
      } else if (path.startsWith("/v2/training/app/manifests/") || path.startsWith("/v2/training/app/blobs/")) {
        String reference = path.substring(path.lastIndexOf('/') + 1);
        body = documents.get(reference);
        type = types.getOrDefault(reference, "application/octet-stream");
        if (body != null) {
          exchange.getResponseHeaders().add("Docker-Content-Digest", digest(body));
        }
      }
      if (body == null) {
        body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"unknown\"}]}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
      } else {
        exchange.getResponseHeaders().add("Content-Type", type);
        if (exchange.getRequestMethod().equals("HEAD")) {
          exchange.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
          exchange.sendResponseHeaders(200, -1);
        } else {
          exchange.sendResponseHeaders(200, body.length);
        }
      }
      if (!exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    }

    private static String digest(byte[] bytes) {
      return Digest.sha256(bytes).toString();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
