package dev.imagesync.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real fat JAR ({@code java -jar target/imagesync.jar ...}), as a user does. */
public final class Cli {

  private Cli() {}

  public record Run(int exitCode, String stdout, String stderr) {
    public List<String> lines() {
      return stdout.isBlank() ? List.of() : Arrays.asList(stdout.strip().split("\n"));
    }

    public List<String> linesStartingWith(String status) {
      return lines().stream().filter(l -> l.startsWith(status + " ")).toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("imagesync.jar", "target/imagesync.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: these tests run after 'mvn package' (use 'mvn verify')");
    }
    return jar;
  }

  public static Run run(List<String> jvmOptions, Map<String, String> env, String... args) {
    try {
      // Its own working directory, so the record files a sync keeps there stay out of the project.
      return runIn(Files.createTempDirectory("imagesync-cwd"), jvmOptions, env, args);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the JAR with {@code input} on its standard input. */
  public static Run runWithInput(String input, Map<String, String> env, String... args) {
    try {
      Path in = Files.createTempFile("imagesync", ".in");
      Files.writeString(in, input);
      ProcessBuilder pb = processBuilder(Files.createTempDirectory("imagesync-cwd"), List.of(), env, args).redirectInput(in.toFile());
      return finish(pb);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the JAR with {@code directory} as its working directory. */
  public static Run runIn(Path directory, List<String> jvmOptions, Map<String, String> env, String... args) {
    return finish(processBuilder(directory, jvmOptions, env, args));
  }

  private static Run finish(ProcessBuilder pb) {
    try {
      Path out = Files.createTempFile("imagesync", ".out");
      Path err = Files.createTempFile("imagesync", ".err");
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("imagesync did not finish in 300 s: " + pb.command());
      }
      Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return run;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the JAR in {@code directory} and returns at once (a test may kill it). Output is discarded. */
  public static Process start(Path directory, String... args) {
    try {
      return processBuilder(directory, List.of(), Map.of(), args)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts the JAR in {@code directory} with {@code env}, its output into {@code out} and {@code err}; returns at once. */
  public static Process start(Path directory, Map<String, String> env, Path out, Path err, String... args) {
    try {
      return processBuilder(directory, List.of(), env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code java [jvmOptions] -jar imagesync.jar args}, in {@code directory}, with the test's environment. */
  private static ProcessBuilder processBuilder(Path directory, List<String> jvmOptions, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(directory.toFile());
    pb.environment().remove("ALIYUN_REGISTRY");
    pb.environment().remove("ALIYUN_NAMESPACE");
    // Tests that run inside GitHub Actions must not write to the real step summary and outputs.
    pb.environment().remove("GITHUB_STEP_SUMMARY");
    pb.environment().remove("GITHUB_OUTPUT");
    // A proxy of the machine the tests run on is not the test's business; proxy tests set their own.
    for (String v : List.of("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")) {
      pb.environment().remove(v);
      pb.environment().remove(v.toLowerCase(java.util.Locale.ROOT));
    }
    pb.environment().putAll(env);
    return pb;
  }

  public static Run run(String... args) {
    return run(List.of(), Map.of(), args);
  }
}
