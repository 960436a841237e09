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
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.StubHttpServer.Reply;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import dev.imagesync.testing.TestRegistry.LoggedRequest;
import dev.imagesync.testing.TokenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry that only accepts bearer tokens from a token service, as Docker Hub, GHCR and ACR
 * do: pull and push in one registry (a mount needs both scopes), a token that expires mid-copy,
 * and a run between two registries with different credentials. No secret reaches any output.
 */
@ExtendWith(RegistryExtension.class)
class TokenAuthIT {

  private static final String USER = "token-user";
  private static final String PASS = "T0ken-Pass-imagesync-9Zq";

  @TempDir Path tmp;

  private TokenServer tokens;
  private TestRegistry registry;
  private RawRegistry raw;

  @BeforeEach
  void start() {
    tokens = new TokenServer(USER, PASS);
    registry = TestRegistry.startWithTokenAuth(tokens);
    raw = new RawRegistry(registry.address(), USER, PASS);
  }

  @AfterEach
  void stop() {
    registry.close();
    tokens.close();
  }

  private void assertNoSecrets(Cli.Run run) {
    String all = run.stdout() + run.stderr();
    assertFalse(all.contains(PASS), "password leaked");
    for (String token : tokens.issuedTokens()) {
      assertFalse(all.contains(token) || all.contains(token.substring(token.lastIndexOf('.') + 1)), "token leaked");
    }
  }

  @Test
  void pullAndPushInOneTokenRegistryMountsAcrossRepositories() throws IOException {
    Pushed index = new TestImages(raw).multiArch("lib/app", "1.0", true, "token", 2, 8000, "linux/amd64", "linux/arm64");
    Path list = tmp.resolve("images.json");
    Files.writeString(list, "[{\"source\": \"" + registry.address() + "/lib/app:1.0\", \"target\": \"app\"}]");
    Path auth = tmp.resolve("auth.yaml");
    Files.writeString(auth, registry.address() + ":\n  username: " + USER + "\n  password: \"${TOKEN_PASS}\"\n");
    int before = registry.requests().size();

    Cli.Run run = Cli.run(List.of(), Map.of("TOKEN_PASS", PASS), "sync", list.toString(), "--to", registry.address() + "/mirror",
        "--auth", auth.toString(), "-v", "--debug");

    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(index.bytes(), Skopeo.inspectRaw(registry.address() + "/mirror/app:1.0", USER, PASS));
    List<LoggedRequest> requests = registry.requests().subList(before, registry.requests().size());
    assertEquals(6, requests.stream().filter(r -> r.method().equals("POST") && r.path().contains("mount=") && r.status() == 201).count(),
        "every blob mounted from lib/app");
    assertTrue(tokens.issuedScopes().contains("repository:lib/app:pull"), tokens.issuedScopes().toString());
    assertTrue(tokens.issuedScopes().contains("repository:mirror/app:pull,push"), tokens.issuedScopes().toString());
    assertTrue(tokens.refusals().isEmpty(), tokens.refusals().toString());
    Contents.assertSameTree(raw, "lib/app", raw, "mirror/app", index.digest());
    assertNoSecrets(run);
  }

  /**
   * Docker Hub answers an anonymous pull of a repository that does not exist, or is private, with
   * 401 "authentication required" after handing out a token that grants nothing
   * (docs.docker.com/registry/spec/auth/token: the token's access lists what was granted, here
   * nothing; users report "pull access denied ... repository does not exist or may require docker
   * login"). The line says so, not "authentication failed".
   */
  @Test
  void anAnonymous401SaysTheRepositoryIsMissingOrPrivate() throws IOException {
    new TestImages(raw).single("library/nginx", "1", "linux/amd64", "public", true);
    tokens.anonymousPullOf(name -> name.equals("library/nginx"));
    Cli.Run run = Cli.run("copy", registry.address() + "/library/nginxx:1", registry.address() + "/mirror/nginx:1", "--retries", "0");

    assertEquals(1, run.exitCode(), run.toString());
    String failed = run.linesStartingWith("failed").get(0);
    assertTrue(failed.contains(registry.address() + "/library/nginxx: ") && failed.contains(" refused (HTTP 401")
        && failed.contains("no credentials were sent for " + registry.address() + "; the repository does not exist, or it is private"), failed);
  }

  /** Google Artifact Registry's token service refuses a repository that does not exist with 403 DENIED: said as that, not as a bad password. */
  @Test
  void aTokenRefusedFor403IsNamedAsAccessOrAMissingRepository() throws IOException {
    tokens.denying(name -> name.startsWith("nope/"));
    Path auth = tmp.resolve("gar.yaml");
    Files.writeString(auth, registry.address() + ":\n  username: " + USER + "\n  password: \"${TOKEN_PASS}\"\n");
    Cli.Run run = Cli.run(List.of(), Map.of("TOKEN_PASS", PASS), "copy", registry.address() + "/nope/app:1", registry.address() + "/mirror/app:1",
        "--auth", auth.toString(), "--retries", "0");

    assertEquals(1, run.exitCode(), run.toString());
    String failed = run.linesStartingWith("failed").get(0);
    assertTrue(failed.contains("the token service of " + registry.address() + " refused repository:nope/app:pull (HTTP 403 DENIED: Permission")
        && failed.endsWith("the repository may not exist, or these credentials have no right to it"), failed);
    assertFalse(failed.contains("check the user name and password"), failed);
    assertNoSecrets(run);
  }

  /**
   * Docker's config.json with an {@code identitytoken} (what {@code az acr login} and {@code docker
   * login} leave for Azure ACR: the user 00000000-0000-0000-0000-000000000000 and a refresh token,
   * https://learn.microsoft.com/azure/container-registry/container-registry-authentication): the
   * token is traded at the realm by OAuth2's refresh grant, as docker does, and never sent as a
   * password; a revoked one is said for what it is.
   */
  @Test
  void anIdentityTokenFromDockersConfigIsTradedForAccessTokens() throws IOException {
    Pushed image = new TestImages(raw).single("lib/acr", "1", "linux/amd64", "identity", true);
    String refresh = "eyJhbGciOiJSUzI1NiJ9.refresh-token-from-az-acr-login.sig";
    tokens.acceptRefreshToken(refresh);
    Path config = Files.createDirectories(tmp.resolve("docker"));
    Files.writeString(config.resolve("config.json"), "{\"auths\": {\"" + registry.address() + "\": {\"auth\": \""
        + java.util.Base64.getEncoder().encodeToString("00000000-0000-0000-0000-000000000000:".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "\", \"identitytoken\": \"" + refresh + "\"}}}");

    Cli.Run run = Cli.run(List.of(), Map.of("DOCKER_CONFIG", config.toString()), "copy", registry.address() + "/lib/acr:1",
        registry.address() + "/mirror/acr:1", "--log-level", "trace", "--debug");

    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(image.bytes(), raw.getManifest("mirror/acr", "1").orElseThrow().bytes());
    assertTrue(tokens.issuedScopes().contains("repository:mirror/acr:pull,push"), tokens.issuedScopes().toString());
    assertFalse(run.stdout().contains(refresh) || run.stderr().contains(refresh), "the identity token is a secret: " + run);

    tokens.acceptRefreshToken("another-one"); // revoked
    Cli.Run revoked = Cli.run(List.of(), Map.of("DOCKER_CONFIG", config.toString()), "copy", registry.address() + "/lib/acr:1",
        registry.address() + "/mirror/acr:2");
    assertEquals(1, revoked.exitCode(), revoked.toString());
    assertTrue(revoked.stdout().contains("the identity token docker's config.json holds for it was refused"), revoked.toString());
  }

  /**
   * Tokens live two seconds, and say so; the source stalls for three in the middle of the layer.
   * The destination's token expires during the upload, so the commit and the manifest PUT need a
   * new one: it is fetched before they are sent, and no request meets an expired token.
   */
  @Test
  void aTokenAboutToExpireIsRenewedBeforeUse() throws Exception {
    tokens.lifetimeSeconds(2);
    copyFromStallingSource(run -> {
      assertTrue(destinationTokens() >= 2, "the token was renewed: " + destinationTokens() + " issued");
      long refusedWrites = registry.requests().stream().filter(r -> r.status() == 401 && (r.method().equals("PUT") || r.method().equals("PATCH"))).count();
      assertEquals(0, refusedWrites, "a request was sent with an expired token: " + registry.logText());
    });
  }

  /**
   * A token service that claims 300 s for tokens that die after two: the commit of the upload and
   * the manifest PUT meet 401s, which are answered with fresh tokens, and the copy completes.
   */
  @Test
  void aTokenRefusedMidCopyIsRenewed() throws Exception {
    tokens.lifetimeSeconds(2);
    tokens.advertisedLifetimeSeconds(300);
    copyFromStallingSource(run -> {
      assertTrue(destinationTokens() >= 2, "expired tokens were renewed: " + destinationTokens() + " issued");
      assertTrue(registry.requests().stream().anyMatch(r -> r.status() == 401 && r.method().equals("PUT")), "a PUT met an expired token");
    });
  }

  private long destinationTokens() {
    return tokens.issuedScopes().stream().filter(s -> s.equals("repository:ns/app:pull,push")).count();
  }

  /** Copies a one-layer image from a stub source that pauses three seconds inside its layer. */
  private void copyFromStallingSource(java.util.function.Consumer<Cli.Run> check) throws Exception {
    TestImages.InMemory image = TestImages.inMemory("slow", 200_000);
    byte[] config = image.config();
    byte[] layer = image.layer();
    byte[] manifest = image.manifest();
    String manifestDigest = image.manifestDigest();
    try (StubHttpServer source = new StubHttpServer((method, path) -> {
      if (path.equals("/v2/slow/app/manifests/v1") || path.equals("/v2/slow/app/manifests/" + manifestDigest)) {
        return new Reply(200, Map.of("Content-Type", TestImages.OCI_MANIFEST, "Docker-Content-Digest", manifestDigest), manifest);
      }
      if (path.equals("/v2/slow/app/blobs/" + RawRegistry.sha256(config))) {
        return new Reply(200, Map.of(), config);
      }
      if (path.equals("/v2/slow/app/blobs/" + RawRegistry.sha256(layer))) {
        return new Reply(200, Map.of(), layer, 64 * 1024, 3000);
      }
      return Reply.of(path.equals("/v2/") ? 200 : 404);
    })) {
      Cli.Run run = Cli.run("copy", source.address() + "/slow/app:v1", registry.address() + "/ns/app", "--dest-creds", USER + ":" + PASS, "-v");

      assertEquals(0, run.exitCode(), run + "\n" + registry.logText());
      assertArrayEquals(manifest, Skopeo.inspectRaw(registry.address() + "/ns/app:v1", USER, PASS));
      check.accept(run);
      assertNoSecrets(run);
    }
  }

  @Test
  void twoRegistriesWithDifferentCredentials(@BasicAuth TestRegistry basic) throws IOException {
    Pushed image = new TestImages(raw).single("private/tool", "3", "linux/arm64", "two", false);
    Path list = tmp.resolve("images.md");
    Files.writeString(list, registry.address() + "/private/tool:3\n");
    Path auth = tmp.resolve("auth.yaml");
    Files.writeString(auth, registry.address() + ":\n  username: " + USER + "\n  password: " + PASS + "\n"
        + basic.address() + "/mirror:\n  username: " + BasicAuth.USER + "\n  password: " + BasicAuth.PASSWORD + "\n");

    Cli.Run run = Cli.run("sync", list.toString(), "--to", basic.address() + "/mirror", "--auth", auth.toString());

    assertEquals(0, run.exitCode(), run.toString());
    assertArrayEquals(image.bytes(), Skopeo.inspectRaw(basic.address() + "/mirror/tool:3", BasicAuth.USER, BasicAuth.PASSWORD));
    assertNoSecrets(run);
    assertFalse((run.stdout() + run.stderr()).contains(BasicAuth.PASSWORD));
  }

  /**
   * A full sync at the most verbose level there is (every logger, every request with its
   * headers) leaks no password and no token, issued or refused.
   */
  @Test
  void noSecretAtTheMostVerboseLevel(@BasicAuth TestRegistry basic) throws IOException {
    new TestImages(raw).multiArch("lib/verbose", "1", true, "verbose", 1, 3000, "linux/amd64", "linux/arm64");
    Path list = tmp.resolve("images.md");
    Files.writeString(list, registry.address() + "/lib/verbose:1\n" + registry.address() + "/lib/missing:1\n");
    Path auth = tmp.resolve("auth.yaml");
    Files.writeString(auth, registry.address() + ":\n  username: " + USER + "\n  password: " + PASS + "\n"
        + basic.address() + ":\n  username: " + BasicAuth.USER + "\n  password: " + BasicAuth.PASSWORD + "\n");

    Cli.Run run = Cli.run("sync", list.toString(), "--to", basic.address() + "/ns", "--auth", auth.toString(),
        "--log-level", "trace", "-v", "--debug");

    assertEquals(1, run.exitCode(), "lib/missing fails, the other copies: " + run.stdout());
    long traced = run.stderr().lines().filter(l -> l.contains(" TRACE ") && l.contains("Authorization: ")).count();
    assertTrue(traced > 10, "trace output with request headers really was on: " + traced + " lines");
    assertTrue(run.stderr().contains("****"), "something was masked");
    assertNoSecrets(run);
    String all = run.stdout() + run.stderr();
    assertFalse(all.contains(BasicAuth.PASSWORD), "basic password leaked");
    assertFalse(all.contains(java.util.Base64.getEncoder().encodeToString((BasicAuth.USER + ":" + BasicAuth.PASSWORD).getBytes(StandardCharsets.UTF_8))),
        "basic header leaked");
    assertFalse(tokens.issuedTokens().isEmpty());
  }

  @Test
  void aWrongPasswordAtTheTokenServiceFailsInWords() throws IOException {
    new TestImages(raw).single("lib/one", "1", "linux/amd64", "wrong", true);
    Path list = tmp.resolve("images.md");
    Files.writeString(list, registry.address() + "/lib/one:1\n");

    Cli.Run run = Cli.run("sync", list.toString(), "--to", registry.address() + "/ns", "--src-creds", USER + ":not-" + PASS,
        "--dest-creds", USER + ":" + PASS, "-v", "--debug");

    assertEquals(1, run.exitCode(), run.toString());
    assertTrue(run.stdout().contains("authentication failed for " + registry.address() + " (check the user name and password for "),
        run.stdout());
    assertFalse((run.stdout() + run.stderr()).contains("not-" + PASS), "wrong password leaked");
    assertNoSecrets(run);
  }
}
