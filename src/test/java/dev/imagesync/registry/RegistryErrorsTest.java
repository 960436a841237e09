package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.Request;
import dev.imagesync.testing.FakeTransport;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {

  private final RegistryErrors push = new RegistryErrors("acr.example", "team/app", Access.PUSH);
  private final Request put = Request.of("PUT", URI.create("https://acr.example/v2/team/app/manifests/1"));

  private RegistryException failure(RegistryErrors errors, int status, String body, String... headers) {
    return errors.failure(FakeTransport.withBody(put, status, body, headers), "write manifest 1", body);
  }

  @Test
  void refusalsSayWhoRefusedWhat() {
    assertEquals("authentication failed for acr.example (HTTP 401)", failure(push, 401, "").getMessage());
    RegistryException denied = failure(push, 403, "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"no\"}]}");
    assertEquals(RegistryException.Kind.DENIED, denied.kind());
    assertEquals("access to acr.example/team/app denied (HTTP 403 DENIED: no)", denied.getMessage());
    RegistryException missing = failure(push, 404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
    assertEquals("acr.example/team/app: write manifest 1 failed: HTTP 404 MANIFEST_UNKNOWN: manifest unknown", missing.getMessage());
    assertFalse(missing.retryable());
  }

  /**
   * Amazon ECR: a login older than 12 hours is refused with "Your authorization token has
   * expired. Reauthenticate and try again." (docs.aws.amazon.com/AmazonECR/latest/userguide/
   * common-errors-docker.html), and a password that is no ECR token with a bare 400.
   */
  @Test
  void ecrsExpiredLoginAndItsBare400AreNamed() {
    RegistryErrors ecr = new RegistryErrors("123456789012.dkr.ecr.eu-west-1.amazonaws.com", "team/app", Access.PUSH, false);
    RegistryException expired = failure(ecr, 403,
        "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"Your authorization token has expired. Reauthenticate and try again.\"}]}");
    assertEquals("the login for 123456789012.dkr.ecr.eu-west-1.amazonaws.com has expired (HTTP 403 DENIED: Your authorization token has"
        + " expired. Reauthenticate and try again.): log in again (an ECR password from aws ecr get-login-password lasts 12 hours)",
        expired.getMessage());
    RegistryException bare = failure(ecr, 400, "");
    assertEquals(RegistryException.Kind.UNAUTHORIZED, bare.kind());
    assertTrue(bare.getMessage().contains("HTTP 400 without a word: ECR refuses the password as no login of its own"), bare.getMessage());
    assertEquals("acr.example/team/app: write manifest 1 failed: HTTP 400", failure(push, 400, "").getMessage(), "elsewhere a 400 is a 400");
  }

  private static RegistryErrors granting(String registry, Access access, String grantedActions) {
    String claims = "{\"access\":[" + (grantedActions == null ? "" : "{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":["
        + grantedActions + "]}") + "]}";
    return new RegistryErrors(registry, "team/app", access, false, () -> java.util.Optional.of(TokenGrant.of(TokenGrantTest.jwt(claims))));
  }

  /**
   * Harbor's token service grants nothing on a project that does not exist or that the account is
   * no member of, and its registry then answers 401 "unauthorized to access repository: P/R,
   * action: push" (goharbor/harbor#966, #13988, #18096): the login was fine, the project is not.
   */
  @Test
  void aRefusalAfterAnAcceptedLoginSaysWhatTheTokenLacks() {
    String harborSays = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"unauthorized to access repository: team/app, action: push:"
        + " unauthorized to access repository: team/app, action: push\"}]}";
    RegistryException missingProject = failure(granting("harbor.example", Access.PUSH, null), 401, harborSays);
    assertEquals(RegistryException.Kind.NOT_GRANTED, missingProject.kind());
    assertEquals("cannot push to harbor.example/team/app: harbor.example accepted the login, but its token grants nothing on team/app (HTTP 401"
        + " UNAUTHORIZED: unauthorized to access repository: team/app, action: push: unauthorized to access repository: team/app, action:"
        + " push): the Harbor project team does not exist, or this account is no member of it (--create-repositories creates a missing"
        + " project)", missingProject.getMessage());
    RegistryException pullOnly = failure(granting("harbor.example", Access.PUSH, "\"pull\""), 401, harborSays);
    assertTrue(pullOnly.getMessage().contains("its token grants only pull on team/app"), pullOnly.getMessage());
    assertTrue(pullOnly.getMessage().endsWith("this account may pull but not push there (a Harbor project role of developer or more, or a robot"
        + " account with push permission)"), pullOnly.getMessage());
    RegistryErrors quay = granting("quay.io", Access.PUSH, null);
    assertTrue(failure(quay, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"access to the requested resource is not"
        + " authorized\"}]}").getMessage().endsWith("the Quay organisation or user team does not exist, or this account has no permission on"
        + " team/app"));
    RegistryErrors acr = granting("myreg.azurecr.io", Access.PUSH, null);
    assertTrue(failure(acr, 401, "").getMessage().contains("an ACR repository-scoped token works only on the repositories its scope map lists"));
    RegistryException scoped = failure(acr, 401, "");
    assertEquals(scoped, acr.pushRefused(scoped, "HTTP 401"), "said once, not wrapped as a namespace");
    assertEquals("authentication failed for harbor.example (HTTP 401)", failure(granting("harbor.example", Access.PUSH, "\"pull\",\"push\""),
        401, "").getMessage(), "a token that grants what was refused leaves the registry's answer as it was");
    assertEquals("authentication failed for acr.example (HTTP 401)", failure(push, 401, "").getMessage(), "no token (Basic): as before");
  }

  /** Azure ACR lists tags only to metadata/read (learn.microsoft.com/azure/container-registry/container-registry-repository-scoped-permissions). */
  @Test
  void aRefusedTagListingAfterAnAcceptedLoginSaysToNameTheTags() {
    RegistryErrors acr = granting("myreg.azurecr.io", Access.PULL, "\"pull\"");
    RegistryException e = acr.failure(FakeTransport.withBody(put, 401, ""), RegistryErrors.LIST_TAGS, "");
    assertEquals("myreg.azurecr.io/team/app: the login was accepted, but listing its tags was refused (HTTP 401): name the tags in the list"
        + " instead of all of them (ACR lists a repository's tags only to credentials with metadata/read; a password login to a private"
        + " repository may pull tags it may not list)", e.getMessage());
    RegistryException nothing = granting("harbor.example", Access.PULL, null).failure(FakeTransport.withBody(put, 401, ""), RegistryErrors.LIST_TAGS, "");
    assertTrue(nothing.getMessage().startsWith("cannot read harbor.example/team/app: harbor.example accepted the login, but its token grants"
        + " nothing on team/app"), nothing.getMessage());
  }

  @Test
  void serverTroubleMayPassAndKeepsTheRegistrysWish() {
    RegistryException e = failure(push, 503, "", "Retry-After", "7");
    assertTrue(e.retryable());
    assertEquals(Duration.ofSeconds(7), e.retryAfter());
    assertFalse(failure(push, 400, "").retryable());
  }

  @Test
  void aRefusedPushNamesTheNamespace() {
    RegistryException e = push.pushRefused(failure(push, 403, "{\"errors\":[{\"code\":\"DENIED\"}]}"), "HTTP 403 DENIED");
    assertEquals("cannot push to acr.example/team/app: namespace team does not exist on acr.example or auto-create is off (HTTP 403 DENIED)",
        e.getMessage());
    RegistryErrors pull = new RegistryErrors("acr.example", "team/app", Access.PULL);
    RegistryException read = failure(pull, 403, "");
    assertEquals(read, pull.pushRefused(read, "HTTP 403"), "a read is never blamed on the namespace");
  }

  @Test
  void networkFailuresInWords() {
    RegistryException refused = push.network("check blob 1234", new ConnectException("Connection refused"));
    assertEquals("acr.example/team/app: check blob 1234 failed: cannot connect to acr.example (connection refused)", refused.getMessage());
    assertTrue(refused.retryable());
    assertTrue(push.network("x", new SocketTimeoutException("Read timed out")).getMessage()
        .endsWith("timed out talking to acr.example (no answer within the timeout; --timeout sets it)"));
    RegistryException trickle = push.network("x", new SocketTimeoutException("the server is trickling: 6 bytes in 3 s of waiting (at least 1024 bytes/s are expected)"));
    assertTrue(trickle.getMessage().endsWith("failed: acr.example: the server is trickling: 6 bytes in 3 s of waiting (at least 1024 bytes/s are expected)"),
        trickle.getMessage());
    assertTrue(trickle.retryable());
    RegistryException large = push.network("list tags", new dev.imagesync.http.BodyTooLarge("a page of the tag list is more than 4 MiB long"));
    assertEquals("acr.example/team/app: list tags failed: acr.example sent too much: a page of the tag list is more than 4 MiB long", large.getMessage());
    assertFalse(large.retryable(), "the same server sends the same again");
    assertTrue(push.network("x", new java.net.SocketException("Connection reset")).getMessage().endsWith("the connection to acr.example was reset"));
    String other = push.network("x", new java.io.EOFException("unexpected end")).getMessage();
    assertEquals("acr.example/team/app: x failed: the connection to acr.example failed (unexpected end)", other, "words, not a class name");
    RegistryException unknown = push.network("x", new UnknownHostException("acr.example"));
    assertTrue(unknown.getMessage().endsWith("unknown host acr.example"));
    assertFalse(unknown.retryable());
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed: unable to find valid certification path");
    RegistryException tls = push.network("x", untrusted);
    assertEquals(RegistryException.Kind.TLS, tls.kind());
    assertTrue(tls.getMessage().startsWith("TLS certificate of acr.example is not trusted (PKIX path building failed"), tls.getMessage());
    assertTrue(tls.getMessage().endsWith("pass --ca-cert FILE with its CA, or --insecure-registry acr.example to skip the check"));
  }
}
