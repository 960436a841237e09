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
