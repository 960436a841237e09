package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.BasicAuth;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.Contents;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every credential source against a registry that requires basic auth (htpasswd), first match
 * winning; a wrong password fails its entry in words; the password never appears in any output.
 */
@ExtendWith(RegistryExtension.class)
class CredentialsIT {

  private static final String USER = BasicAuth.USER;
  private static final String PASS = BasicAuth.PASSWORD;

  @TempDir Path tmp;

  private Pushed image;
  private String source;

  private Path list(TestRegistry src) throws IOException {
    image = new TestImages(new RawRegistry(src)).multiArch("lib/app", "1.0", true, "creds", 1, 4000, "linux/amd64", "linux/arm64");
    source = src.address() + "/lib/app:1.0";
    Path f = tmp.resolve("images.json");
    Files.writeString(f, "[{\"source\": \"" + source + "\", \"target\": \"app\"}]");
    return f;
  }

  private void assertCopied(Cli.Run run, TestRegistry dst, String ns) {
    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(image.bytes(), Skopeo.inspectRaw(dst.address() + "/" + ns + "/app:1.0", USER, PASS));
    assertNoSecret(run);
  }

  private static void assertNoSecret(Cli.Run run) {
    assertFalse(run.stdout().contains(PASS) || run.stderr().contains(PASS), "password leaked: " + run);
    String basic = Base64.getEncoder().encodeToString((USER + ":" + PASS).getBytes(StandardCharsets.UTF_8));
    assertFalse(run.stdout().contains(basic) || run.stderr().contains(basic), "basic header leaked");
  }

  @Test
  void destCredsFlagAndItsPasswordForms(TestRegistry src, @BasicAuth TestRegistry dst) throws IOException {
    Path f = list(src);
    assertCopied(Cli.run("sync", f.toString(), "--to", dst.address() + "/plain", "--dest-creds", USER + ":" + PASS), dst, "plain");

    Path secret = tmp.resolve("password.txt");
    Files.writeString(secret, PASS + "\n");
    assertCopied(Cli.run("sync", f.toString(), "--to", dst.address() + "/file", "--dest-creds", USER + ":@" + secret), dst, "file");

    assertCopied(Cli.run(List.of(), Map.of("MIRROR_PASSWORD", PASS), "sync", f.toString(), "--to", dst.address() + "/env",
        "--dest-creds", USER + ":env:MIRROR_PASSWORD", "-v"), dst, "env");
    Contents.assertSameTree(new RawRegistry(src), "lib/app", new RawRegistry(dst.address(), USER, PASS), "env/app", image.digest());
  }

  @Test
  void srcCredsForAProtectedSource(@BasicAuth TestRegistry src, TestRegistry dst) throws IOException {
    RawRegistry protectedSource = new RawRegistry(src.address(), USER, PASS);
    Pushed pushed = new TestImages(protectedSource).single("private/tool", "2", "linux/amd64", "src", true);
    Path f = tmp.resolve("images.md");
    Files.writeString(f, src.address() + "/private/tool:2\n");

    Cli.Run anonymous = Cli.run("sync", f.toString(), "--to", dst.address() + "/ns");
    assertEquals(1, anonymous.exitCode(), anonymous.toString());
    assertTrue(anonymous.stdout().contains("authentication failed for " + src.address() + " (no credentials for " + src.address()),
        anonymous.stdout());

    Cli.Run run = Cli.run("sync", f.toString(), "--to", dst.address() + "/ns", "--src-creds", USER + ":" + PASS);
    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(pushed.bytes(), Skopeo.inspectRaw(dst.address() + "/ns/tool:2"));
    assertNoSecret(run);
  }

  @Test
  void imageSyncerAuthYamlWithVariables(TestRegistry src, @BasicAuth TestRegistry dst) throws IOException {
    Path f = list(src);
    Path auth = tmp.resolve("auth.yaml");
    Files.writeString(auth, dst.address() + ":\n  username: \"" + USER + "\"\n  password: \"${MIRROR_PASSWORD}\"\n"
        + "registry.cn-hangzhou.aliyuncs.com:\n  username: someone\n  password: other\n");
    Cli.Run run = Cli.run(List.of(), Map.of("MIRROR_PASSWORD", PASS), "sync", "--images", f.toString(), "--auth", auth.toString(),
        "--to", dst.address() + "/ns", "--proc", "2");
    assertCopied(run, dst, "ns");
  }

  @Test
  void aliyunVariablesOfTheExistingWorkflows(TestRegistry src, @BasicAuth TestRegistry dst) throws IOException {
    Path f = list(src);
    Cli.Run run = Cli.run(List.of(), Map.of("ALIYUN_REGISTRY", dst.address(), "ALIYUN_NAMESPACE", "team",
        "ALIYUN_USERNAME", USER, "ALIYUN_PASSWORD", PASS), "sync", f.toString());
    assertCopied(run, dst, "team");
    Cli.Run other = Cli.run(List.of(), Map.of("ALIYUN_REGISTRY", dst.address(), "ALIYUN_NAME_SPACE", "other",
        "ALIYUN_REGISTRY_USER", USER, "ALIYUN_REGISTRY_PASSWORD", PASS), "sync", f.toString());
    assertCopied(other, dst, "other");
  }

  @Test
  void theSkopeoWorkflowsSecretsWithItsRegistryGivenAsTo(TestRegistry src, @BasicAuth TestRegistry dst) throws IOException {
    // The skopeo/images.json workflow sets ALIYUN_USERNAME, ALIYUN_PASSWORD and ALIYUN_NAMESPACE but
    // writes its registry into the workflow: switched, it passes that registry as --to.
    Path f = list(src);
    Cli.Run run = Cli.run(List.of(), Map.of("ALIYUN_NAMESPACE", "unused", "ALIYUN_USERNAME", USER, "ALIYUN_PASSWORD", PASS),
        "sync", f.toString(), "--to", dst.address() + "/skopeo");
    assertCopied(run, dst, "skopeo");
    assertFalse((run.stdout() + run.stderr()).contains(PASS));
  }

  @Test
  void dockerConfigFromDockerConfigVariable(TestRegistry src, @BasicAuth TestRegistry dst) throws IOException {
    Path f = list(src);
    Path dockerDir = Files.createDirectory(tmp.resolve("docker"));
    String auth = Base64.getEncoder().encodeToString((USER + ":" + PASS).getBytes(StandardCharsets.UTF_8));
    Files.writeString(dockerDir.resolve("config.json"), "{\"auths\": {\"" + dst.address() + "\": {\"auth\": \"" + auth + "\"}}}");
    Cli.Run run = Cli.run(List.of(), Map.of("DOCKER_CONFIG", dockerDir.toString()), "sync", f.toString(), "--to", dst.address() + "/ns");
    assertCopied(run, dst, "ns");
  }

  /** credHelpers: Docker runs docker-credential-NAME get; so does imagesync (through Jib). */
  @Test
  void dockerCredentialHelper(TestRegistry src, @BasicAuth TestRegistry dst) throws IOException {
    Path f = list(src);
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path helper = bin.resolve("docker-credential-imagesynctest");
    Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\n"
        + "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASS + "\"}' \"$server\"\n");
    assertTrue(helper.toFile().setExecutable(true));
    Path dockerDir = Files.createDirectory(tmp.resolve("docker-helpers"));
    Files.writeString(dockerDir.resolve("config.json"), "{\"credHelpers\": {\"" + dst.address() + "\": \"imagesynctest\"}}");
    Cli.Run run = Cli.run(List.of(), Map.of("DOCKER_CONFIG", dockerDir.toString(), "PATH", bin + ":" + System.getenv("PATH")),
        "sync", f.toString(), "--to", dst.address() + "/helper");
    assertCopied(run, dst, "helper");
  }

  /** The flag comes first: a wrong --dest-creds is not rescued by a right auth.yaml. */
  @Test
  void firstMatchWinsAndAWrongPasswordFailsInWords(TestRegistry src, @BasicAuth TestRegistry dst) throws IOException {
    Path f = list(src);
    Path auth = tmp.resolve("auth.yaml");
    Files.writeString(auth, dst.address() + ":\n  username: " + USER + "\n  password: " + PASS + "\n");
    Cli.Run run = Cli.run("sync", f.toString(), "--to", dst.address() + "/ns", "--auth", auth.toString(),
        "--dest-creds", USER + ":wrong-password", "-v", "--debug");
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals(List.of("failed  " + source + " -> " + dst.address() + "/ns/app:1.0: authentication failed for " + dst.address()
        + " (check the user name and password for " + dst.address() + ")"), run.lines());
    assertFalse(run.stderr().contains("\tat "), "no stack trace for a failed entry");
    assertNoSecret(run);
    assertFalse(run.stdout().contains("wrong-password") || run.stderr().contains("wrong-password"));
  }

  @Test
  void credentialFlagsRefuseToSpanRegistries(TestRegistry a, TestRegistry b) throws IOException {
    Path f = tmp.resolve("images.md");
    Files.writeString(f, a.address() + "/x/one:1\n" + b.address() + "/x/two:1\n");
    Cli.Run run = Cli.run("sync", f.toString(), "--to", a.address() + "/ns", "--src-creds", USER + ":" + PASS);
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.stderr().startsWith("imagesync: --src-creds would be sent to 2 registries"), run.stderr());
    assertNoSecret(run);
  }
}
