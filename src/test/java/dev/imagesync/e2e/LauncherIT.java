package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/imagesync installed as a link elsewhere (~/.local/bin/imagesync), links to links included, finds its JAR. */
class LauncherIT {

  @TempDir Path home;

  @Test
  void theLauncherWorksThroughSymlinksFromAnyDirectory() throws Exception {
    Path launcher = Path.of("bin/imagesync").toAbsolutePath();
    Path other = Files.createDirectories(home.resolve("opt"));
    Files.createSymbolicLink(other.resolve("imagesync"), launcher);
    Path bin = Files.createDirectories(home.resolve(".local/bin"));
    Files.createSymbolicLink(bin.resolve("imagesync"), Path.of("../../opt/imagesync"));

    ProcessBuilder pb = new ProcessBuilder(bin.resolve("imagesync").toString(), "--version").directory(home.toFile()).redirectErrorStream(true);
    pb.environment().remove("IMAGESYNC_JAR");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.startsWith("imagesync "), out);
  }

  /** The class-data archive is made by a run that does the work, never by --version (a quarter of the classes). */
  /** No JDK 25 to be found (only this JDK 17): the class-data archive, made by a run that does the work, never by --version. */
  @Test
  void withoutAJdk25TheClassDataArchiveIsMadeByARealRunNotByVersion() throws Exception {
    Path jar = Files.copy(Cli.jar(), home.resolve("imagesync.jar"));
    Path list = Files.writeString(home.resolve("images.md"), "127.0.0.1:1/org/app:1\n");
    Map<String, String> only17 = Map.of("JAVA_HOME", System.getProperty("java.home"), "IMAGESYNC_JAVA_SEARCH", "", "PATH",
        System.getProperty("java.home") + "/bin:/usr/bin:/bin");
    assertEquals(0, launch(jar, only17, "--version"));
    assertEquals(List.of(), archives(".jsa"), "no archive from --version");
    assertEquals(0, launch(jar, only17, "plan", list.toString(), "--to", "127.0.0.1:2/ns"));
    assertEquals(1, archives(".jsa").size(), "the archive made by a plan: " + archives(".jsa"));
    assertEquals(List.of(), archives(".aot"));
  }

  /**
   * A JDK 25 among the places searched (here: where this project's machines keep Temurin 25)
   * while JAVA_HOME and PATH hold a JDK 17: it is preferred, and its ahead-of-time cache is made by
   * the first run that does the work, named after the JAR and that JVM, then used.
   */
  @Test
  void aJdk25IsPreferredAndItsAheadOfTimeCacheMadeOnce() throws Exception {
    Path jdk25;
    try (var jvms = Files.list(Path.of("/usr/lib/jvm"))) {
      jdk25 = jvms.filter(d -> release(d).startsWith("25")).findFirst().orElseThrow(() -> new AssertionError(
          "this test needs a JDK 25 under /usr/lib/jvm (Temurin 25: apt-get install -y temurin-25-jdk from packages.adoptium.net)"));
    }
    Path jar = Files.copy(Cli.jar(), home.resolve("imagesync.jar"));
    Path list = Files.writeString(home.resolve("images.md"), "127.0.0.1:1/org/app:1\n");
    Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "IMAGESYNC_JAVA_SEARCH", "/usr/lib/jvm/*/bin/java");
    assertEquals(0, launch(jar, env, "--version"));
    assertEquals(List.of(), archives(".aot"), "no cache from --version");
    Launched first = launched(jar, env, "plan", list.toString(), "--to", "127.0.0.1:2/ns");
    assertEquals(0, first.exit(), first.output());
    assertEquals("127.0.0.1:1/org/app:1 -> 127.0.0.1:2/ns/app:1\n", first.output(), "the run that makes the cache prints its own output only");
    List<Path> caches = archives(".aot");
    assertEquals(1, caches.size(), "the cache made by a plan: " + caches);
    assertTrue(caches.get(0).getFileName().toString().endsWith("-jdk" + release(jdk25) + ".aot"), caches.toString());
    assertEquals(List.of(), archives(".jsa"), "no class-data archive beside it");
    long made = Files.getLastModifiedTime(caches.get(0)).toMillis();
    assertEquals(0, launch(jar, env, "plan", list.toString(), "--to", "127.0.0.1:2/ns"));
    assertEquals(made, Files.getLastModifiedTime(caches.get(0)).toMillis(), "used, not made again");
  }

  /**
   * Conscrypt's native library is kept beside the JAR by the first run that speaks TLS, and later
   * runs load it from there: with Conscrypt unable to unpack anything (its work directory a plain
   * file), the launcher's run still speaks native TLS, where the same JAR run with java -jar falls
   * back to the JVM's (which shows the check could fail). Without that obstacle, java -jar alone
   * still gets native TLS from the library the JAR holds under its generic name.
   */
  @Test
  void theNativeTlsLibraryIsKeptBesideTheJarAndLoadedFromThere() throws Exception {
    dev.imagesync.testing.TestKeys keys = dev.imagesync.testing.TestKeys.generate("127.0.0.1", "ip:127.0.0.1");
    try (dev.imagesync.testing.TestRegistry tls = dev.imagesync.testing.TestRegistry.startWithTls(keys)) {
      new dev.imagesync.testing.TestImages(dev.imagesync.testing.RawRegistry.overTls(tls.address())).single("org/app", "1", "linux/amd64", "kept", true);
      Path jar = Files.copy(Cli.jar(), home.resolve("imagesync.jar"));
      String image = tls.address() + "/org/app:1";
      String ca = keys.certificatePem().toString();
      Map<String, String> env = Map.of("IMAGESYNC_JAVA_OPTS", "");
      Launched first = launched(jar, env, "inspect", "--ca-cert", ca, image);
      assertEquals(0, first.exit(), first.output());
      List<Path> kept = archives(".native");
      assertEquals(1, kept.size(), "one directory for this JAR: " + kept);
      assertTrue(Files.size(kept.get(0).resolve("libconscrypt_openjdk_jni-linux-x86_64.so")) > 1_000_000, "the library is kept whole");

      Path notADirectory = Files.writeString(home.resolve("no-workdir"), "");
      String blocked = "-Dorg.conscrypt.native.workdir=" + notADirectory;
      String unavailable = "native TLS (Conscrypt) is not available";
      Launched again = launched(jar, Map.of("IMAGESYNC_JAVA_OPTS", blocked), "inspect", "--log-level", "debug", "--ca-cert", ca, image);
      assertEquals(0, again.exit(), again.output());
      assertFalse(again.output().contains(unavailable), "loaded from the kept copy: " + again.output());

      ProcessBuilder plain = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), blocked, "-jar", jar.toString(),
          "inspect", "--log-level", "debug", "--ca-cert", ca, image).directory(home.toFile()).redirectErrorStream(true);
      Process p = plain.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains(unavailable), "java -jar has nothing kept, and could not unpack: " + out);

      plain.command().remove(blocked);
      p = plain.start();
      out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      assertFalse(out.contains(unavailable), "java -jar unpacks the library the JAR holds: " + out);
    }
  }

  private static String release(Path jdk) {
    try {
      return Files.readAllLines(jdk.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION=")).findFirst()
          .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", "")).orElse("");
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private int launch(Path jar, Map<String, String> env, String... args) throws Exception {
    return launched(jar, env, args).exit();
  }

  private record Launched(int exit, String output) {}

  private Launched launched(Path jar, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of("bin/imagesync").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().put("IMAGESYNC_JAR", jar.toString());
    pb.environment().remove("IMAGESYNC_JAVA");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    return new Launched(p.exitValue(), out);
  }

  private List<Path> archives(String suffix) throws Exception {
    try (var files = Files.list(home)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  /**
   * The README's laptop quick start, as written there, with the release download served from a
   * folder: it installs, and its second line runs in the directory the user was in (it reads
   * that directory's images.json).
   */
  @Test
  void theReadmeQuickStartInstallsAndRunsFromTheUsersDirectory() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int at = readme.indexOf("**On a laptop**");
    int from = readme.indexOf("```\n", at) + 4;
    String snippet = readme.substring(from, readme.indexOf("```", from));
    assertEquals(2, snippet.lines().count(), snippet);
    Path release = Files.createDirectories(home.resolve("release"));
    Files.copy(Cli.jar(), release.resolve("imagesync.jar"));
    Files.copy(Path.of("bin/imagesync"), release.resolve("imagesync"));
    ProcessBuilder sums = new ProcessBuilder("sh", "-c", "sha256sum imagesync.jar imagesync > SHA256SUMS").directory(release.toFile());
    assertEquals(0, sums.start().waitFor());
    String local = snippet.replace("https://github.com/OWNER/imagesync/releases/latest/download", "file://" + release)
        .replace("registry.cn-hangzhou.aliyuncs.com/myns", "127.0.0.1:1/myns");
    assertTrue(local.contains("file://"), "the download URL is the one the test replaces: " + snippet);
    Path project = Files.createDirectories(home.resolve("project"));
    Files.writeString(project.resolve("images.json"), "[{\"source\": \"127.0.0.1:1/org/app:1\"}]");

    ProcessBuilder pb = new ProcessBuilder("bash", "-c", local).directory(project.toFile()).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("PATH", home.resolve(".local/bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("IMAGESYNC_JAR");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);

    assertTrue(Files.isSymbolicLink(home.resolve(".local/bin/imagesync")), out);
    assertTrue(out.contains("imagesync.jar: OK"), "the sums were checked: " + out);
    assertFalse(out.contains("no such file"), "the second line reads the user's images.json: " + out);
    assertTrue(out.contains("127.0.0.1:1/org/app:1") && p.exitValue() == 1, "it ran the list (the registry is not there): " + out);
  }
}
