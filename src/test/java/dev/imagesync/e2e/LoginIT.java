package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesync.testing.BasicAuth;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import dev.imagesync.testing.TokenServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** login and logout as docker's: checked against the registry, kept in docker's config.json (or its helper), used by later runs and by skopeo. */
@ExtendWith(RegistryExtension.class)
class LoginIT {

  @TempDir Path tmp;

  private static void assertNoSecret(Cli.Run run) {
    assertFalse((run.stdout() + run.stderr()).contains(BasicAuth.PASSWORD), "password leaked");
  }

  @Test
  void aCheckedLoginIsKeptInDockersConfigAndUsedUntilLogout(@BasicAuth TestRegistry registry) throws Exception {
    Pushed image = new TestImages(new RawRegistry(registry.address(), BasicAuth.USER, BasicAuth.PASSWORD))
        .single("team/app", "1", "linux/amd64", "login", true);
    Path docker = Files.createDirectory(tmp.resolve("docker"));
    Files.writeString(docker.resolve("config.json"), "{\"auths\": {\"other.example\": {\"auth\": \"eDp5\"}}, \"detachKeys\": \"ctrl-e,e\"}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString());

    Cli.Run wrong = Cli.runWithInput("not-the-password\n", env, "login", registry.address(), "-u", BasicAuth.USER, "--password-stdin");
    assertEquals(1, wrong.exitCode(), wrong.toString());
    assertTrue(wrong.stderr().contains("authentication failed for " + registry.address() + " (check the user name and password"), wrong.stderr());
    assertFalse(Files.readString(docker.resolve("config.json")).contains(registry.address()), "nothing kept for a refused login");

    Cli.Run login = Cli.runWithInput(BasicAuth.PASSWORD + "\n", env, "login", registry.address(), "-u", BasicAuth.USER, "--password-stdin");
    assertEquals(0, login.exitCode(), login.toString());
    assertEquals("logged in to " + registry.address() + " (kept in " + docker.resolve("config.json") + ")", login.stdout().strip());
    assertNoSecret(login);
    JsonNode config = new ObjectMapper().readTree(docker.resolve("config.json").toFile());
    assertEquals(Base64.getEncoder().encodeToString((BasicAuth.USER + ":" + BasicAuth.PASSWORD).getBytes(StandardCharsets.UTF_8)),
        config.path("auths").path(registry.address()).path("auth").asText());
    assertEquals("eDp5", config.path("auths").path("other.example").path("auth").asText(), "other logins kept");
    assertEquals("ctrl-e,e", config.path("detachKeys").asText(), "other settings kept");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(docker.resolve("config.json"))));

    Cli.Run ls = Cli.run(java.util.List.of(), env, "ls", registry.address() + "/team/app");
    assertEquals(0, ls.exitCode(), ls.toString());
    assertEquals(java.util.List.of("1"), ls.lines());
    assertArrayEquals(image.bytes(), Skopeo.inspectRawWithAuthFile(registry.address() + "/team/app:1", docker.resolve("config.json")),
        "skopeo reads the login imagesync wrote");

    Cli.Run logout = Cli.run(java.util.List.of(), env, "logout", registry.address());
    assertEquals(0, logout.exitCode(), logout.toString());
    assertFalse(Files.readString(docker.resolve("config.json")).contains(registry.address()));
    Cli.Run after = Cli.run(java.util.List.of(), env, "ls", registry.address() + "/team/app", "--retries", "0");
    assertEquals(1, after.exitCode(), after.toString());
    assertEquals("not logged in to " + registry.address(), Cli.run(java.util.List.of(), env, "logout", registry.address()).stdout().strip());
  }

  /** docker's credential-helper protocol: store gets {ServerURL, Username, Secret} on stdin, erase the server. */
  @Test
  void aConfiguredCredentialHelperKeepsTheLogin(@BasicAuth TestRegistry registry) throws Exception {
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    Path seen = tmp.resolve("helper.log");
    Path helper = bin.resolve("docker-credential-imagesynctest");
    Files.writeString(helper, "#!/bin/sh\necho \"$1 $(cat)\" >> " + seen + "\n");
    assertTrue(helper.toFile().setExecutable(true));
    Path docker = Files.createDirectory(tmp.resolve("docker"));
    Files.writeString(docker.resolve("config.json"), "{\"credsStore\": \"imagesynctest\"}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString(), "PATH", bin + ":" + System.getenv("PATH"));

    Cli.Run login = Cli.runWithInput(BasicAuth.PASSWORD, env, "login", registry.address(), "-u", BasicAuth.USER, "--password-stdin");
    assertEquals(0, login.exitCode(), login.toString());
    assertTrue(login.stdout().contains("kept in the credential helper docker-credential-imagesynctest"), login.stdout());
    assertEquals("store {\"ServerURL\":\"" + registry.address() + "\",\"Username\":\"" + BasicAuth.USER + "\",\"Secret\":\"" + BasicAuth.PASSWORD
        + "\"}", Files.readString(seen).strip());
    assertFalse(Files.readString(docker.resolve("config.json")).contains(BasicAuth.PASSWORD), "not in the file");

    Cli.Run logout = Cli.run(java.util.List.of(), env, "logout", registry.address());
    assertEquals(0, logout.exitCode(), logout.toString());
    assertTrue(Files.readString(seen).contains("erase " + registry.address()), Files.readString(seen));
  }

  /** A token registry checks the password at its token service (docker asks it with no scope). */
  @Test
  void aTokenRegistryChecksThePasswordAtItsTokenService() throws Exception {
    try (TokenServer tokens = new TokenServer("token-user", "T0ken-login-pass"); TestRegistry registry = TestRegistry.startWithTokenAuth(tokens)) {
      Path docker = Files.createDirectory(tmp.resolve("docker"));
      Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString());
      Cli.Run wrong = Cli.runWithInput("nope", env, "login", registry.address(), "-u", "token-user", "--password-stdin");
      assertEquals(1, wrong.exitCode(), wrong.toString());
      assertFalse(Files.exists(docker.resolve("config.json")));
      Cli.Run right = Cli.runWithInput("T0ken-login-pass", env, "login", registry.address(), "-u", "token-user", "--password-stdin");
      assertEquals(0, right.exitCode(), right.toString());
      assertTrue(Files.readString(docker.resolve("config.json")).contains(registry.address()));
    }
  }

  @Test
  void noPasswordAndNoTerminalIsBadInput(@BasicAuth TestRegistry registry) {
    Cli.Run run = Cli.runWithInput("", Map.of("DOCKER_CONFIG", tmp.toString()), "login", registry.address(), "-u", "x");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("give it on stdin with --password-stdin"), run.stderr());
  }
}
