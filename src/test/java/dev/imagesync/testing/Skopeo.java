package dev.imagesync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** skopeo, the independent client that proves what imagesync wrote. */
public final class Skopeo {

  private Skopeo() {}

  /** {@code skopeo inspect --raw}: the manifest bytes exactly as the registry serves them. */
  public static byte[] inspectRaw(String reference) {
    return run(List.of("inspect", "--raw", "--tls-verify=false", "docker://" + reference)).stdout;
  }

  /** {@code skopeo inspect --raw --creds USER:PASS}. */
  public static byte[] inspectRaw(String reference, String user, String password) {
    return run(List.of("inspect", "--raw", "--tls-verify=false", "--creds", user + ":" + password, "docker://" + reference)).stdout;
  }

  /** {@code skopeo inspect --raw --authfile FILE}: with the logins a docker config.json holds. */
  public static byte[] inspectRawWithAuthFile(String reference, Path authFile) {
    return run(List.of("inspect", "--raw", "--tls-verify=false", "--authfile", authFile.toString(), "docker://" + reference)).stdout;
  }

  /**
   * {@code skopeo copy --all} from the registry into a directory: skopeo fetches every manifest and
   * blob and checks each against its digest, so a missing or corrupt blob fails here.
   */
  public static void copyAllToDirectory(String reference, Path dir) {
    run(List.of("copy", "-q", "--all", "--src-tls-verify=false", "docker://" + reference, "dir:" + dir));
  }

  /** {@code skopeo inspect --raw} of any transport's reference ({@code oci:DIR:TAG}). */
  public static byte[] inspectRawOf(String transportReference) {
    return run(List.of("inspect", "--raw", transportReference)).stdout;
  }

  /** {@code skopeo copy --all} between any two transports' references, without TLS checks at registries. */
  public static void copyAll(String from, String to) {
    run(List.of("copy", "-q", "--all", "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false", from, to));
  }

  private record Result(byte[] stdout, String stderr) {}

  private static Result run(List<String> args) {
    Path skopeo = TestRegistry.findOnPath("skopeo");
    if (skopeo == null) {
      throw new IllegalStateException("skopeo is needed to verify copies: sudo apt-get install -y skopeo");
    }
    List<String> command = new ArrayList<>();
    command.add(skopeo.toString());
    command.addAll(args);
    try {
      Path err = Files.createTempFile("skopeo", ".err");
      Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("skopeo timed out: " + command);
      }
      String stderr = Files.readString(err);
      Files.deleteIfExists(err);
      if (p.exitValue() != 0) {
        throw new AssertionError("skopeo " + String.join(" ", args) + " failed (" + p.exitValue() + "): " + stderr);
      }
      return new Result(out, stderr);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
