package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.Request;
import dev.imagesync.testing.FakeTransport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Authentication, RegistryAuth and TokenService together, over fake wires: a registry that wants
 * a bearer token (or Basic) and a token service that counts what it issues.
 */
class AuthenticationTest {

  private static final String REALM = "https://auth.example/token";
  private static final String BEARER = "Bearer realm=\"" + REALM + "\",service=\"r.example\"";
  private static final Optional<RegistryCredential> CREDENTIAL = Optional.of(new RegistryCredential("user", "auth-test-password"));
  private static final Retrying.Policy NO_WAIT = new Retrying.Policy(2, Duration.ZERO);

  private final AtomicInteger issued = new AtomicInteger();
  private volatile long lifetime = 300;

  /** A token service issuing tok-1, tok-2, … */
  private final FakeTransport tokens = new FakeTransport(r ->
      FakeTransport.withBody(r, 200, "{\"token\":\"tok-" + issued.incrementAndGet() + "\",\"expires_in\":" + lifetime + "}"));

  /** A registry that takes any token it issued, and challenges anything else. */
  private final FakeTransport registry = new FakeTransport(r -> r.headers().first("Authorization").filter(a -> a.startsWith("Bearer tok-")).isPresent()
      ? FakeTransport.response(r, 200)
      : FakeTransport.response(r, 401, "WWW-Authenticate", BEARER));

  private RegistryAuth auth(FakeTransport tokenWire, boolean overTls, boolean insecure, Optional<RegistryCredential> credential) {
    // A policy of its own: what one token service did a moment ago is no progress for another.
    return new RegistryAuth("r.example", credential, new TokenService(tokenWire, new Retrying.Policy(NO_WAIT.retries(), Duration.ZERO)), () -> overTls, insecure);
  }

  private static Request get(String path) {
    return Request.of("GET", URI.create("https://r.example/v2/" + path));
  }

  @Test
  void aTokenIsFetchedOncePerScopeAndReused() throws Exception {
    RegistryAuth auth = auth(tokens, true, false, CREDENTIAL);
    Authentication pull = new Authentication(registry, "r.example", auth, "repository:a:pull");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, pull.send(get("a/manifests/" + i)).status());
    }
    assertEquals(1, tokens.received.size(), "one token for the scope");
    assertEquals(List.of("-", "Bearer tok-1", "Bearer tok-1", "Bearer tok-1"), registry.authorizations());
    assertTrue(tokens.received.get(0).uri().getQuery().contains("scope=repository:a:pull"), tokens.received.get(0).uri().toString());
    assertEquals(RegistryAuth.basic(CREDENTIAL.get()), tokens.received.get(0).headers().first("Authorization").orElseThrow());

    new Authentication(registry, "r.example", auth, "repository:b:pull,push").send(get("b/manifests/1"));
    assertEquals(2, tokens.received.size(), "another scope, another token, asked for up front (no 401)");
    assertEquals("Bearer tok-2", registry.authorizations().get(4));
  }

  /**
   * Google Artifact Registry's token service answers 403 DENIED for a repository the account may
   * not read, and for one that does not exist ("Permission ... denied on resource ... (or it may
   * not exist)", cloud.google.com/artifact-registry/docs/troubleshooting): that is no bad
   * password, and its words are shown.
   */
  @Test
  void aTokenServices403IsAccessOrAMissingRepositoryNotThePassword() {
    String gar = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"Permission \\\"artifactregistry.repositories.downloadArtifacts\\\" denied"
        + " on resource \\\"projects/p/locations/us/repositories/nope\\\" (or it may not exist)\"}]}";
    FakeTransport denying = new FakeTransport(r -> FakeTransport.withBody(r, 403, gar));
    Authentication pull = new Authentication(registry, "r.example", auth(denying, true, false, CREDENTIAL), "repository:p/nope/app:pull");
    RegistryException e = assertThrows(RegistryException.class, () -> pull.send(get("p/nope/app/manifests/1")));
    assertEquals(RegistryException.Kind.DENIED, e.kind());
    assertEquals("the token service of r.example refused repository:p/nope/app:pull (HTTP 403 DENIED: Permission"
        + " \"artifactregistry.repositories.downloadArtifacts\" denied on resource \"projects/p/locations/us/repositories/nope\" (or it may not"
        + " exist)): the repository may not exist, or these credentials have no right to it", e.getMessage());
  }

  @Test
  void aTokenAboutToExpireIsRenewedBeforeUse() throws Exception {
    lifetime = 0;
    Authentication pull = new Authentication(registry, "r.example", auth(tokens, true, false, CREDENTIAL), "repository:a:pull");
    pull.send(get("a/manifests/1"));
    pull.send(get("a/manifests/2"));
    assertEquals(2, tokens.received.size());
    assertEquals(List.of("-", "Bearer tok-1", "Bearer tok-2"), registry.authorizations());
  }

  @Test
  void aTokenServiceThatFailsForAMomentIsAskedAgain() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    FakeTransport flaky = new FakeTransport(r -> calls.incrementAndGet() == 1
        ? FakeTransport.response(r, 503, "Retry-After", "0")
        : FakeTransport.withBody(r, 200, "{\"token\":\"tok-9\"}"));
    Authentication pull = new Authentication(registry, "r.example", auth(flaky, true, false, CREDENTIAL), "repository:a:pull");
    assertEquals(200, pull.send(get("a/manifests/1")).status());
    assertEquals(2, flaky.received.size());

    FakeTransport down = new FakeTransport(r -> FakeTransport.response(r, 503));
    Authentication unlucky = new Authentication(registry, "r.example", auth(down, true, false, CREDENTIAL), "repository:a:pull");
    RegistryException gaveUp = assertThrows(RegistryException.class, () -> unlucky.send(get("a/manifests/1")));
    assertEquals(3, down.received.size(), "one try and the policy's two retries");
    assertEquals("the token service of r.example answered HTTP 503", gaveUp.getMessage());
    assertTrue(!gaveUp.retryable(), "the operation does not start the round again");

    FakeTransport refusing = new FakeTransport(r -> FakeTransport.response(r, 401));
    Authentication refused = new Authentication(registry, "r.example", auth(refusing, true, false, CREDENTIAL), "repository:a:pull");
    RegistryException e = assertThrows(RegistryException.class, () -> refused.send(get("a/manifests/1")));
    assertEquals("authentication failed for r.example (check the user name and password for r.example)", e.getMessage());
    assertEquals(1, refusing.received.size(), "a refusal is not asked again");
  }

  @Test
  void requestsForOneScopeWaitForOneFetchWhileOtherScopesGoOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger fetchesForB = new AtomicInteger();
    FakeTransport slowForB = new FakeTransport(r -> {
      if (r.uri().getQuery().contains("repository:b:")) {
        fetchesForB.incrementAndGet();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          throw new java.io.InterruptedIOException();
        }
      }
      return FakeTransport.withBody(r, 200, "{\"token\":\"tok-" + issued.incrementAndGet() + "\",\"expires_in\":300}");
    });
    RegistryAuth auth = auth(slowForB, true, false, CREDENTIAL);
    new Authentication(registry, "r.example", auth, "repository:a:pull").send(get("a/manifests/1")); // learns the challenge
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Optional<String>>> waiting = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        waiting.add(pool.submit(() -> auth.header("repository:b:pull")));
      }
      Thread.sleep(200);
      assertEquals(1, fetchesForB.get(), "one fetch in flight for the scope");
      assertTrue(auth.header("repository:c:pull").isPresent(), "another scope is not held up");
      release.countDown();
      String token = waiting.get(0).get(10, TimeUnit.SECONDS).orElseThrow();
      for (Future<Optional<String>> f : waiting) {
        assertEquals(token, f.get(10, TimeUnit.SECONDS).orElseThrow(), "every waiter got the one token");
      }
      assertEquals(1, fetchesForB.get());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void credentialsAreNotSentInClearToAPlainHttpTokenService() {
    FakeTransport plainRealm = new FakeTransport(r -> r.headers().first("Authorization").filter(a -> a.startsWith("Bearer")).isPresent()
        ? FakeTransport.response(r, 200)
        : FakeTransport.response(r, 401, "WWW-Authenticate", "Bearer realm=\"http://auth.example/token\",service=\"r.example\""));
    Authentication overTls = new Authentication(plainRealm, "r.example", auth(tokens, true, false, CREDENTIAL), "repository:a:pull");
    RegistryException e = assertThrows(RegistryException.class, () -> overTls.send(get("a/manifests/1")));
    assertTrue(e.getMessage().contains("token service auth.example is on plain http://, and credentials are not sent in clear"), e.getMessage());
    assertEquals(0, tokens.received.size(), "nothing was sent to it");
  }

  @Test
  void aPlainHttpTokenServiceIsUsedForAnInsecureOrPlainRegistryOrWithoutCredentials() throws Exception {
    FakeTransport plainRealm = new FakeTransport(r -> r.headers().first("Authorization").filter(a -> a.startsWith("Bearer")).isPresent()
        ? FakeTransport.response(r, 200)
        : FakeTransport.response(r, 401, "WWW-Authenticate", "Bearer realm=\"http://auth.example/token\""));
    assertEquals(200, new Authentication(plainRealm, "r.example", auth(tokens, true, true, CREDENTIAL), "s").send(get("a")).status());
    assertEquals(200, new Authentication(plainRealm, "r.example", auth(tokens, false, false, CREDENTIAL), "s").send(get("a")).status());
    assertEquals(200, new Authentication(plainRealm, "r.example", auth(tokens, true, false, Optional.empty()), "s").send(get("a")).status());
  }

  @Test
  void basicIsAnsweredWithTheCredentialAndThenSentFromTheStart() throws Exception {
    String basic = RegistryAuth.basic(CREDENTIAL.get());
    FakeTransport basicRegistry = new FakeTransport(r -> r.headers().first("Authorization").filter(basic::equals).isPresent()
        ? FakeTransport.response(r, 200)
        : FakeTransport.response(r, 401, "WWW-Authenticate", "Basic realm=\"r\""));
    Authentication a = new Authentication(basicRegistry, "r.example", auth(tokens, true, false, CREDENTIAL), "repository:a:pull");
    a.send(get("a/manifests/1"));
    a.send(get("a/manifests/2"));
    assertEquals(List.of("-", basic, basic), basicRegistry.authorizations());

    Authentication anonymous = new Authentication(basicRegistry, "r.example", auth(tokens, true, false, Optional.empty()), "repository:a:pull");
    RegistryException e = assertThrows(RegistryException.class, () -> anonymous.send(get("a/manifests/1")));
    assertEquals("authentication failed for r.example (no credentials for r.example; the registry requires them)", e.getMessage());
  }

  @Test
  void anotherHostNeverGetsTheRegistrysCredentials() throws Exception {
    RegistryAuth auth = auth(tokens, true, false, CREDENTIAL);
    Authentication a = new Authentication(registry, "r.example", auth, "repository:a:pull");
    a.send(get("a/manifests/1"));
    FakeTransport elsewhere = new FakeTransport(r -> FakeTransport.response(r, 201));
    new Authentication(elsewhere, "r.example", auth, "repository:a:pull")
        .send(Request.of("PUT", URI.create("https://uploads.other.example/session?digest=x")).withHeader("Authorization", "Bearer tok-1"));
    assertEquals(List.of("-"), elsewhere.authorizations());
  }

  @Test
  void challengesAreReadAsTheTokenSpecificationWritesThem() {
    Challenge c = Challenge.parse("r.example", "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"x\"");
    assertEquals("https://auth.docker.io/token", c.realm().toString());
    assertEquals("registry.docker.io", c.service());
    assertTrue(Challenge.parse("r.example", "Basic realm=\"Registry Realm\"").isBasic());
    assertEquals("registry r.example asks for unsupported authentication scheme 'negotiate'",
        assertThrows(RegistryException.class, () -> Challenge.parse("r.example", "Negotiate")).getMessage());
    assertTrue(assertThrows(RegistryException.class, () -> Challenge.parse("r.example", "Bearer realm=\"ftp://x/t\"")).getMessage()
        .contains("invalid token service"));
    assertEquals("https://auth.example/token?service=r.example&scope=repository%3Aa%3Apull&scope=repository%3Ab%3Apull",
        TokenService.tokenUri(Challenge.parse("r", BEARER), "repository:a:pull repository:b:pull").toString());
  }

  @Test
  void aWarmUpLearnsTheChallengeOnceAndFetchesOneTokenForEveryScope() throws Exception {
    RegistryAuth auth = auth(tokens, true, false, CREDENTIAL);
    List<String> scopes = List.of("repository:a:pull,push", "repository:b:pull,push", "repository:c:pull");
    auth.warmUp(() -> Optional.of(BEARER), scopes);

    assertEquals(1, tokens.received.size(), "one fetch for the three scopes");
    String query = tokens.received.get(0).uri().getQuery();
    assertTrue(query.contains("scope=repository:a:pull,push") && query.contains("scope=repository:b:pull,push")
        && query.contains("scope=repository:c:pull"), query);
    for (String repository : List.of("a", "b")) {
      assertEquals(200, new Authentication(registry, "r.example", auth, "repository:" + repository + ":pull,push").send(get(repository + "/manifests/1")).status());
    }
    assertEquals(List.of("Bearer tok-1", "Bearer tok-1"), registry.authorizations(), "the first request of each scope carries the token: no 401");
    assertEquals(1, tokens.received.size());
  }

  @Test
  void aMountBetweenTwoRepositoriesOfTheWarmUpUsesItsToken() throws Exception {
    RegistryAuth auth = auth(tokens, true, false, CREDENTIAL);
    auth.warmUp(() -> Optional.of(BEARER), List.of("repository:a:pull,push", "repository:b:pull,push"));
    Authentication mount = new Authentication(registry, "r.example", auth, "repository:b:pull,push repository:a:pull");
    assertEquals(200, mount.send(Request.of("POST", URI.create("https://r.example/v2/b/blobs/uploads/?mount=sha256:00&from=a"))).status());
    assertEquals(1, tokens.received.size(), "the warm-up's token holds push on b and pull on a: " + tokens.received);
    new Authentication(registry, "r.example", auth, "repository:b:pull,push repository:elsewhere:pull").send(get("b/blobs/uploads/"));
    assertEquals(2, tokens.received.size(), "a repository outside the run's: a token of its own");
  }

  @Test
  void aRequestChallengedWhileTheWarmUpFetchesWaitsForItsToken() throws Exception {
    CountDownLatch fetching = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeTransport slowTokens = new FakeTransport(r -> {
      fetching.countDown();
      await(release);
      return FakeTransport.withBody(r, 200, "{\"token\":\"tok-" + issued.incrementAndGet() + "\",\"expires_in\":300}");
    });
    RegistryAuth auth = auth(slowTokens, true, false, CREDENTIAL);
    ExecutorService threads = Executors.newCachedThreadPool();
    try {
      threads.submit(() -> auth.warmUp(() -> Optional.of(BEARER), List.of("repository:a:pull")));
      assertTrue(fetching.await(5, TimeUnit.SECONDS));
      // A job's first request went without credentials at the same moment and met the challenge.
      Future<Integer> job = threads.submit(() -> new Authentication(registry, "r.example", auth, "repository:a:pull").send(get("a/manifests/1")).status());
      Thread.sleep(100);
      release.countDown();
      assertEquals(200, job.get(5, TimeUnit.SECONDS));
      assertEquals(1, slowTokens.received.size(), "the job waited for the warm-up's token instead of fetching its own");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aWarmUpWhoseFetchFailsLeavesEachScopeToFetchItsOwn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    FakeTransport refusingMany = new FakeTransport(r -> r.uri().getQuery().split("scope=").length > 2
        ? FakeTransport.response(r, 400) // a service that takes one scope per request
        : FakeTransport.withBody(r, 200, "{\"token\":\"tok-" + calls.incrementAndGet() + "\",\"expires_in\":300}"));
    RegistryAuth auth = auth(refusingMany, true, false, CREDENTIAL);
    auth.warmUp(() -> Optional.of(BEARER), List.of("repository:a:pull", "repository:b:pull"));

    assertEquals(200, new Authentication(registry, "r.example", auth, "repository:a:pull").send(get("a/manifests/1")).status());
    assertEquals(200, new Authentication(registry, "r.example", auth, "repository:b:pull").send(get("b/manifests/1")).status());
    assertEquals(3, refusingMany.received.size(), "the refused fetch for both, then one per scope: " + refusingMany.received);
  }

  @Test
  void aWarmUpOfARegistryThatAsksForNothingChangesNothing() throws Exception {
    RegistryAuth auth = auth(tokens, true, false, CREDENTIAL);
    auth.warmUp(Optional::empty, List.of("repository:a:pull"));
    assertEquals(0, tokens.received.size());
    assertEquals(Optional.empty(), auth.header("repository:a:pull"));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
