package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes logins where docker keeps them, so that every later imagesync — and docker, skopeo,
 * crane — uses them: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}.
 * Through the credential helper the file names for the registry ({@code credHelpers}, else
 * {@code credsStore}: {@code docker-credential-NAME store}/{@code erase}, docker's protocol), else
 * as {@code auths[REGISTRY].auth} (base64 of user:password, as docker writes it). Everything else
 * in the file is kept; it is replaced whole (a temporary file moved over it), readable by its
 * owner only. Docker Hub's key is {@code https://index.docker.io/v1/}, as docker's.
 */
public final class DockerConfigFile {

  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private final Path file;

  public DockerConfigFile(Map<String, String> env) {
    String dir = env.getOrDefault("DOCKER_CONFIG", "");
    this.file = dir.isEmpty() ? Path.of(System.getProperty("user.home"), ".docker", "config.json") : Path.of(dir, "config.json");
  }

  public Path path() {
    return file;
  }

  /** Where a login for {@code registry} is kept in the file. */
  static String key(String registry) {
    return registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
  }

  /** Stores the login; returns where it went ("PATH", or "the credential helper docker-credential-NAME"). */
  public String store(String registry, RegistryCredential credential) throws IOException {
    ObjectNode config = read();
    Optional<String> helper = helperFor(config, registry);
    if (helper.isPresent()) {
      String request = "{\"ServerURL\":" + Json.quoted(key(registry)) + ",\"Username\":" + Json.quoted(credential.username())
          + ",\"Secret\":" + Json.quoted(credential.password()) + "}";
      runHelper(helper.get(), "store", request);
      return "the credential helper docker-credential-" + helper.get();
    }
    ObjectNode auths = config.has("auths") && config.get("auths").isObject() ? (ObjectNode) config.get("auths") : config.putObject("auths");
    ObjectNode entry = auths.putObject(key(registry));
    entry.put("auth", Base64.getEncoder().encodeToString((credential.username() + ":" + credential.password()).getBytes(StandardCharsets.UTF_8)));
    write(config);
    return file.toString();
  }

  /** Removes the login; returns where it was removed from, or empty when there was none. */
  public Optional<String> erase(String registry) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    ObjectNode config = read();
    Optional<String> helper = helperFor(config, registry);
    boolean inFile = config.path("auths").has(key(registry));
    if (inFile) {
      ((ObjectNode) config.get("auths")).remove(key(registry));
      write(config);
    }
    if (helper.isPresent()) {
      runHelper(helper.get(), "erase", key(registry));
      return Optional.of("the credential helper docker-credential-" + helper.get());
    }
    return inFile ? Optional.of(file.toString()) : Optional.empty();
  }

  private static Optional<String> helperFor(JsonNode config, String registry) {
    String own = config.path("credHelpers").path(key(registry)).asText("");
    if (!own.isEmpty()) {
      return Optional.of(own);
    }
    return Optional.of(config.path("credsStore").asText("")).filter(s -> !s.isEmpty());
  }

  private ObjectNode read() throws IOException {
    if (!Files.isRegularFile(file)) {
      return Json.mapper().createObjectNode();
    }
    JsonNode node = Json.mapper().readTree(Files.readAllBytes(file));
    if (node == null || node.isMissingNode()) {
      return Json.mapper().createObjectNode();
    }
    if (!node.isObject()) {
      throw new IOException(file + " is not docker's config (no JSON object)");
    }
    return (ObjectNode) node;
  }

  private void write(ObjectNode config) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".imagesync-" + ProcessHandle.current().pid());
    try {
      Files.deleteIfExists(temp);
      try {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(temp);
      }
      try (OutputStream out = Files.newOutputStream(temp)) {
        out.write(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        out.write('\n');
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** docker's credential helper protocol: the action as the argument, the request on stdin. */
  private static void runHelper(String name, String action, String input) throws IOException {
    Process p = new ProcessBuilder("docker-credential-" + name, action).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(input.getBytes(StandardCharsets.UTF_8));
    }
    String said = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("docker-credential-" + name + " " + action + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("docker-credential-" + name + " " + action + " failed (exit " + p.exitValue() + ")"
          + (said.isEmpty() ? "" : ": " + dev.imagesync.secrets.Secrets.redact(said.lines().findFirst().orElse(""))));
    }
  }
}
