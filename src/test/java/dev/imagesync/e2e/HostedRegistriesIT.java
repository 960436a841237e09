package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.StubHttpServer.Reply;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import dev.imagesync.testing.TokenServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosted registries whose refusals come after a login their token service accepted: a real
 * distribution 2.8 with token auth, whose token service grants per repository what the hosted
 * service would (nothing on a project that does not exist, pull only to a read-only robot), and —
 * for Harbor — a stand-in of its API v2.0 on the same host and its registry's words
 * (goharbor/harbor api/v2.0/swagger.yaml; issues #966, #13988, #18096 for what a push into a
 * missing project answers).
 */
@ExtendWith(RegistryExtension.class)
class HostedRegistriesIT {

  /** Harbor's robot accounts are named so ({@code robot$PROJECT+NAME}); the {@code $} is taken as written. */
  private static final String ROBOT = "robot$proj+ci";
  private static final String PASS = "R0bot-Secret-imagesync-4Kd";
  private static final Pattern REPOSITORY = Pattern.compile("^/v2/(.+)/(blobs|manifests|tags)/.*");

  @TempDir Path tmp;

  private TokenServer tokens;
  private TestRegistry registry;
  private TestProxy harbor;
  private final Set<String> projects = ConcurrentHashMap.newKeySet();
  private final Map<String, String> roles = new ConcurrentHashMap<>();
  private final List<String> created = new CopyOnWriteArrayList<>();
  private volatile boolean mayCreate = true;

  @BeforeEach
  void start() throws IOException {
    tokens = new TokenServer(ROBOT, PASS, "harbor-token-issuer");
    // Harbor's token service: what a project's role allows, nothing outside an existing project.
    tokens.granting((repository, asked) -> {
      String project = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : "";
      if (!projects.contains(project)) {
        return "";
      }
      return roles.getOrDefault(project, "developer").equals("guest") ? "pull" : asked;
    });
    registry = TestRegistry.startWithTokenAuth(tokens);
    harbor = new TestProxy(registry.address(), seen -> Optional.empty(), HostedRegistriesIT::harborsWords).answering(this::harborApi);
  }

  @AfterEach
  void stop() throws IOException {
    harbor.close();
    registry.close();
    tokens.close();
  }

  /** Harbor's registry refuses a repository action in these words (goharbor/harbor#18096). */
  private static Reply harborsWords(TestProxy.Seen seen, Reply reply) {
    Matcher m = REPOSITORY.matcher(seen.path());
    if (reply.status() != 401 || !m.matches()) {
      return reply;
    }
    String action = seen.method().equals("GET") || seen.method().equals("HEAD") ? "pull" : "push";
    String said = "unauthorized to access repository: " + m.group(1) + ", action: " + action;
    return new Reply(401, reply.headers(), ("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"" + said + ": " + said + "\"}]}")
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Harbor's API v2.0, what --create-repositories uses of it: systeminfo, HEAD and POST of projects, Basic auth. */
  private Optional<Reply> harborApi(StubHttpServer.Received r) {
    if (!r.path().startsWith("/api/v2.0/")) {
      return Optional.empty();
    }
    if (r.path().equals("/api/v2.0/systeminfo") && r.method().equals("GET")) {
      return Optional.of(json(200, "{\"auth_mode\":\"db_auth\",\"primary_auth_mode\":false,\"self_registration\":false,\"banner_message\":\"\"}"));
    }
    String basic = "Basic " + Base64.getEncoder().encodeToString((ROBOT + ":" + PASS).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(r.headers().get("authorization"))) {
      return Optional.of(json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"UnAuthorized\"}]}"));
    }
    if (r.method().equals("HEAD") && r.path().startsWith("/api/v2.0/projects?project_name=")) {
      return Optional.of(Reply.of(projects.contains(r.path().substring(r.path().indexOf('=') + 1)) ? 200 : 404));
    }
    if (r.method().equals("POST") && r.path().equals("/api/v2.0/projects")) {
      if (!mayCreate) {
        return Optional.of(json(403, "{\"errors\":[{\"code\":\"FORBIDDEN\",\"message\":\"Only system admin can create project\"}]}"));
      }
      String body = new String(r.body(), StandardCharsets.UTF_8);
      Matcher name = Pattern.compile("\"project_name\":\"([^\"]+)\"").matcher(body);
      if (!name.find()) {
        return Optional.of(json(400, "{\"errors\":[{\"code\":\"BAD_REQUEST\",\"message\":\"project_name is required\"}]}"));
      }
      created.add(body);
      return Optional.of(projects.add(name.group(1)) ? Reply.of(201)
          : json(409, "{\"errors\":[{\"code\":\"CONFLICT\",\"message\":\"The project named " + name.group(1) + " already exists\"}]}"));
    }
    return Optional.of(json(404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"not found\"}]}"));
  }

  private static Reply json(int status, String body) {
    return new Reply(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
  }

  private Path auth(String host) throws IOException {
    Path auth = tmp.resolve("auth.yaml");
    Files.writeString(auth, host + ":\n  username: " + ROBOT + "\n  password: \"${HARBOR_PASS}\"\n");
    return auth;
  }

  private Cli.Run copy(TestRegistry src, String destination, String... more) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("copy", src.address() + "/lib/app:1", destination, "--auth",
        auth(harbor.address()).toString(), "--retries", "0"));
    args.addAll(List.of(more));
    return Cli.run(List.of(), Map.of("HARBOR_PASS", PASS), args.toArray(String[]::new));
  }

  private static void assertNoSecret(Cli.Run run, TokenServer tokens) {
    String all = run.stdout() + run.stderr();
    assertFalse(all.contains(PASS), "password leaked");
    tokens.issuedTokens().forEach(t -> assertFalse(all.contains(t), "token leaked"));
  }

  @Test
  void aMissingHarborProjectIsNamedAndMadeWithCreateRepositories(TestRegistry src) throws IOException {
    Pushed image = new TestImages(new RawRegistry(src)).single("lib/app", "1", "linux/amd64", "harbor", true);

    Cli.Run refused = copy(src, harbor.address() + "/newproj/app:1");
    assertEquals(1, refused.exitCode(), refused.toString());
    String failed = refused.linesStartingWith("failed").get(0);
    assertTrue(failed.contains("cannot push to " + harbor.address() + "/newproj/app: " + harbor.address() + " accepted the login, but its"
        + " token grants nothing on newproj/app (HTTP 401 UNAUTHORIZED: unauthorized to access repository: newproj/app, action: push"), failed);
    assertTrue(failed.endsWith("the Harbor project newproj does not exist, or this account is no member of it (--create-repositories creates"
        + " a missing project)"), failed);
    assertFalse(failed.contains("check the user name and password"), failed);
    assertTrue(created.isEmpty(), "nothing is created unless asked");

    Cli.Run made = copy(src, harbor.address() + "/newproj/app:1", "--create-repositories");
    assertEquals(0, made.exitCode(), made.toString());
    assertTrue(made.stdout().contains("created Harbor project newproj (private)"), made.stdout());
    assertEquals(List.of("{\"project_name\":\"newproj\",\"metadata\":{\"public\":\"false\"}}"), created);
    RawRegistry dst = new RawRegistry(registry.address(), ROBOT, PASS);
    assertArrayEquals(image.bytes(), dst.getManifest("newproj/app", "1").orElseThrow().bytes());
    assertNoSecret(made, tokens);

    Cli.Run again = copy(src, harbor.address() + "/newproj/app:2", "--create-repositories");
    assertEquals(0, again.exitCode(), again.toString());
    assertEquals(1, created.size(), "an existing project is left as it is (HEAD 200)");
  }

  @Test
  void aRobotThatMayNotCreateProjectsIsToldSoAndNothingIsPushed(TestRegistry src) throws IOException {
    new TestImages(new RawRegistry(src)).single("lib/app", "1", "linux/amd64", "harbor-403", true);
    mayCreate = false;
    Cli.Run run = copy(src, harbor.address() + "/team/app:1", "--create-repositories");

    assertEquals(1, run.exitCode(), run.toString());
    String failed = run.linesStartingWith("failed").get(0);
    assertTrue(failed.contains("cannot create Harbor project team on " + harbor.address() + ": HTTP 403 FORBIDDEN: Only system admin can"
        + " create project: this account may not create projects"), failed);
    assertTrue(harbor.seen().stream().noneMatch(s -> s.path().startsWith("/v2/team/") && !s.method().equals("HEAD")),
        "no push was tried: " + harbor.seen());
    assertNoSecret(run, tokens);
  }

  @Test
  void aReadOnlyRobotIsToldItMayPullButNotPush(TestRegistry src) throws IOException {
    new TestImages(new RawRegistry(src)).single("lib/app", "1", "linux/amd64", "harbor-guest", true);
    projects.add("ro");
    roles.put("ro", "guest");
    Cli.Run run = copy(src, harbor.address() + "/ro/app:1");

    assertEquals(1, run.exitCode(), run.toString());
    String failed = run.linesStartingWith("failed").get(0);
    assertTrue(failed.contains("accepted the login, but its token grants only pull on ro/app"), failed);
    assertTrue(failed.endsWith("this account may pull but not push there (a Harbor project role of developer or more, or a robot account"
        + " with push permission)"), failed);
  }

  /**
   * A token limited to some repositories — an ACR repository-scoped token (its scope map), a Quay
   * robot, an organisation that does not exist — used on another: distribution's own 401, after a
   * token that grants nothing there. Said as that, not as a wrong password.
   */
  @Test
  void aTokenScopedToOtherRepositoriesIsToldApartFromAWrongPassword(TestRegistry src) throws IOException {
    new TestImages(new RawRegistry(src)).single("lib/app", "1", "linux/amd64", "scoped", true);
    TokenServer scopedTokens = new TokenServer(ROBOT, PASS);
    scopedTokens.granting((repository, asked) -> repository.equals("team/allowed") ? asked : "");
    try (TestRegistry scoped = TestRegistry.startWithTokenAuth(scopedTokens)) {
      Path auth = tmp.resolve("scoped.yaml");
      Files.writeString(auth, scoped.address() + ":\n  username: " + ROBOT + "\n  password: \"${HARBOR_PASS}\"\n");
      Cli.Run run = Cli.run(List.of(), Map.of("HARBOR_PASS", PASS), "copy", src.address() + "/lib/app:1", scoped.address() + "/team/other:1",
          "--auth", auth.toString(), "--retries", "0");

      assertEquals(1, run.exitCode(), run.toString());
      String failed = run.linesStartingWith("failed").get(0);
      assertTrue(failed.contains("accepted the login, but its token grants nothing on team/other (HTTP 401"), failed);
      assertTrue(failed.endsWith("the project, organisation or namespace team may not exist, or this account has no right to team/other"),
          failed);
      assertFalse(failed.contains("check the user name and password"), failed);
      Cli.Run allowed = Cli.run(List.of(), Map.of("HARBOR_PASS", PASS), "copy", src.address() + "/lib/app:1",
          scoped.address() + "/team/allowed:1", "--auth", auth.toString(), "--retries", "0");
      assertEquals(0, allowed.exitCode(), allowed.toString());
      assertNoSecret(run, scopedTokens);
    } finally {
      scopedTokens.close();
    }
  }

  /**
   * Azure ACR lists a repository's tags only to credentials with metadata/read
   * (learn.microsoft.com/azure/container-registry/container-registry-repository-scoped-permissions:
   * "metadata/read — List tags or manifests"): a token that may pull is refused the listing with
   * a 401 challenge. The line says to name the tags; named, they are copied.
   */
  @Test
  void aRefusedTagListingSaysToNameTheTags(TestRegistry dst) throws IOException {
    projects.add("team");
    new TestImages(new RawRegistry(registry.address(), ROBOT, PASS)).single("team/app", "1", "linux/amd64", "listing", true);
    String challenge = "Bearer realm=\"" + tokens.realm() + "\",service=\"" + TokenServer.SERVICE + "\",scope=\"repository:team/app:metadata_read\"";
    try (TestProxy acr = new TestProxy(registry.address(), seen -> seen.path().startsWith("/v2/team/app/tags/list")
        ? Optional.of(new TestProxy.Canned(401, Map.of("WWW-Authenticate", challenge, "Content-Type", "application/json"),
            "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required, visit https://aka.ms/acr/authorization for more"
                + " information.\"}]}")) : Optional.empty())) {
      Path auth = tmp.resolve("acr.yaml");
      Files.writeString(auth, acr.address() + ":\n  username: " + ROBOT + "\n  password: \"${HARBOR_PASS}\"\n");
      Path all = tmp.resolve("all.json");
      Files.writeString(all, "[{\"source\": \"" + acr.address() + "/team/app\", \"target\": \"app\", \"allTags\": true}]");
      Cli.Run run = Cli.run(List.of(), Map.of("HARBOR_PASS", PASS), "sync", all.toString(), "--to", dst.address() + "/mirror", "--auth",
          auth.toString(), "--retries", "0");

      assertEquals(1, run.exitCode(), run.toString());
      String failed = String.join("\n", run.lines());
      assertTrue(failed.contains(acr.address() + "/team/app: the login was accepted, but listing its tags was refused (HTTP 401 UNAUTHORIZED:"
          + " authentication required, visit https://aka.ms/acr/authorization for more information.): name the tags in the list instead of"
          + " all of them"), failed);

      Path named = tmp.resolve("named.json");
      Files.writeString(named, "[{\"source\": \"" + acr.address() + "/team/app:1\", \"target\": \"app\"}]");
      Cli.Run ok = Cli.run(List.of(), Map.of("HARBOR_PASS", PASS), "sync", named.toString(), "--to", dst.address() + "/mirror", "--auth",
          auth.toString(), "--retries", "0");
      assertEquals(0, ok.exitCode(), ok.toString());
    }
  }

  /**
   * GHCR creates a package on its first push; what it refuses is the token's right to write it, in
   * its own words (actions/runner#1039 and many workflows' fixes: "denied: permission_denied:
   * write_package", "denied: installation not allowed to Write organization package"), a 403 DENIED
   * to the upload. The line says what the token needs — not that a namespace is missing.
   */
  @Test
  void aPushGhcrRefusesSaysWhatTheTokenNeeds(TestRegistry src, TestRegistry dst) throws IOException {
    new TestImages(new RawRegistry(src)).single("org/tool", "1", "linux/amd64", "ghcr", true);
    for (String words : List.of("permission_denied: write_package", "installation not allowed to Write organization package")) {
      try (TestProxy ghcr = new TestProxy(dst.address(), seen -> seen.method().equals("POST") && seen.path().contains("/blobs/uploads/")
          ? Optional.of(new TestProxy.Canned(403, Map.of("Content-Type", "application/json"),
              "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"" + words + "\"}]}")) : Optional.empty())) {
        Cli.Run run = Cli.run("copy", src.address() + "/org/tool:1", ghcr.address() + "/org/tool:1", "--no-history", "--retries", "0");
        assertEquals(1, run.exitCode(), run.toString());
        String failed = String.join("\n", run.lines());
        assertTrue(failed.contains("cannot push to " + ghcr.address() + "/org/tool: the token may not write this package (HTTP 403 DENIED: " + words
            + "): in a workflow, GITHUB_TOKEN needs 'permissions: packages: write'"), failed);
        assertFalse(failed.contains("does not exist"), failed);
      }
    }
  }
}
