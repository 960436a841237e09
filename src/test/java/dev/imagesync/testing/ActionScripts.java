package dev.imagesync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the action's step scripts ({@code scripts/action-*.sh}) as its composite step does:
 * in the user's repository, with the step's environment only (none of the machine's registry or
 * GitHub variables), the launcher on the PATH and the JAR under test. Every step script ends 0.
 */
public final class ActionScripts {

  private ActionScripts() {}

  /** The script's output (stdout and stderr); fails the test unless it ends 0 within 120 s. */
  public static String run(Path repository, String name, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", Path.of("scripts", name).toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("ALIYUN") || k.startsWith("MY_REGISTRY") || k.startsWith("DOCKER") || k.startsWith("GITHUB"));
    pb.environment().putAll(env);
    pb.environment().put("PATH", Path.of("bin").toAbsolutePath() + ":" + System.getenv("PATH"));
    pb.environment().put("IMAGESYNC_JAR", Cli.jar().toAbsolutePath().toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), name + " finished");
    assertEquals(0, p.exitValue(), name + ": " + out);
    return out;
  }
}
