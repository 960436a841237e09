package dev.imagesync.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.HttpClientTransport;
import dev.imagesync.http.ProxySettings;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.CredentialProvider.Role;
import dev.imagesync.registry.RegistryCredential;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.testing.StubHttpServer;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A login to ECR from the AWS keys, against a stand-in of ECR's API written from its reference
 * (docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html: a POST of
 * {} with X-Amz-Target AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken, JSON 1.1; the
 * token is base64 of "AWS:password") that checks the SigV4 signature as AWS does: recomputed from
 * the request it got (the signer itself is held to AWS's published example, SigV4Test).
 */
class EcrLoginsTest {

  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String SESSION = "FwoGZXIvYXdzEXAMPLEsessiontoken";
  private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

  private final List<String> refusals = new CopyOnWriteArrayList<>();

  /** ECR's API: answers a call whose signature holds (GetAuthorizationToken with a token), else as AWS does. */
  private StubHttpServer.Reply api(StubHttpServer.Received r, String address) {
    String auth = r.headers().getOrDefault("authorization", "");
    String date = r.headers().getOrDefault("x-amz-date", "");
    boolean shaped = r.method().equals("POST") && r.path().equals("/")
        && r.headers().getOrDefault("x-amz-target", "").startsWith("AmazonEC2ContainerRegistry_V20150921.")
        && "application/x-amz-json-1.1".equals(r.headers().get("content-type"))
        && auth.startsWith("AWS4-HMAC-SHA256 Credential=" + KEY + "/" + date.substring(0, Math.min(8, date.length())) + "/eu-west-1/ecr/aws4_request,");
    boolean signed = false;
    if (shaped) {
      SigV4 aws = new SigV4(KEY, SECRET, Optional.ofNullable(r.headers().get("x-amz-security-token")), "eu-west-1", "ecr");
      Instant at = Instant.from(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).parse(date));
      String expected = aws.sign("POST", URI.create("http://" + address + "/"), Map.of("content-type", r.headers().get("content-type"),
          "x-amz-target", r.headers().get("x-amz-target")), r.body(), at).get("Authorization");
      signed = expected.equals(auth) && SESSION.equals(r.headers().get("x-amz-security-token"));
    }
    if (!signed) {
      refusals.add(auth);
      return new StubHttpServer.Reply(403, Map.of("Content-Type", "application/x-amz-json-1.1"),
          "{\"__type\":\"InvalidSignatureException\",\"message\":\"The request signature we calculated does not match the signature you provided.\"}"
              .getBytes(StandardCharsets.UTF_8));
    }
    String token = Base64.getEncoder().encodeToString("AWS:ecr-password-from-the-api".getBytes(StandardCharsets.UTF_8));
    return new StubHttpServer.Reply(200, Map.of("Content-Type", "application/x-amz-json-1.1"), ("{\"authorizationData\":[{\"authorizationToken\":\""
        + token + "\",\"expiresAt\":1.7E9,\"proxyEndpoint\":\"https://" + ECR + "\"}]}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theAwsKeysGetAnEcrLoginOncePerRegistry() throws Exception {
    String[] address = new String[1];
    try (StubHttpServer server = new StubHttpServer(InetAddress.getLoopbackAddress(), r -> api(r, address[0]))) {
      address[0] = server.address();
      EcrLogins logins = new EcrLogins(Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", SESSION,
          "AWS_ENDPOINT_URL_ECR", "http://" + server.address()), HttpClientTransport.forFewRequests(ProxySettings.DIRECT));

      Optional<RegistryCredential> login = logins.credentialFor(ImageReference.parse(ECR + "/team/app"), Role.DESTINATION);
      assertEquals(Optional.of(new RegistryCredential("AWS", "ecr-password-from-the-api")), login, refusals.toString());
      logins.credentialFor(ImageReference.parse(ECR + "/team/other"), Role.SOURCE);
      assertEquals(1, server.received().size(), "one call per registry per run");
      assertTrue(logins.credentialFor(ImageReference.parse("ghcr.io/team/app"), Role.SOURCE).isEmpty(), "not ECR: not asked");
    }
  }

  @Test
  void aRefusedSignatureIsOneLineNamingWhatRefusedIt() throws Exception {
    try (StubHttpServer server = new StubHttpServer(InetAddress.getLoopbackAddress(), r -> api(r, "wrong:1"))) {
      EcrLogins logins = new EcrLogins(Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", "not-the-secret",
          "AWS_ENDPOINT_URL_ECR", "http://" + server.address()), HttpClientTransport.forFewRequests(ProxySettings.DIRECT));
      RegistryException e = assertThrows(RegistryException.class,
          () -> logins.credentialFor(ImageReference.parse(ECR + "/team/app"), Role.DESTINATION));
      assertEquals("cannot get a login for " + ECR + " from the AWS keys (ECR GetAuthorizationToken): HTTP 403"
          + " InvalidSignatureException: The request signature we calculated does not match the signature you provided.", e.getMessage());
      assertFalse(e.getMessage().contains("not-the-secret"));
    }
  }

  /** CreateRepository (API_CreateRepository.html): made once, private; one that exists is what was wanted; a refusal is one line. */
  @Test
  void aMissingRepositoryIsCreatedBeforeTheFirstPush() throws Exception {
    List<String> created = new CopyOnWriteArrayList<>();
    String[] address = new String[1];
    try (StubHttpServer server = new StubHttpServer(InetAddress.getLoopbackAddress(), r -> {
      StubHttpServer.Reply signedOrNot = api(r, address[0]);
      if (signedOrNot.status() != 200 || !"AmazonEC2ContainerRegistry_V20150921.CreateRepository".equals(r.headers().get("x-amz-target"))) {
        return signedOrNot;
      }
      String name = new String(r.body(), StandardCharsets.UTF_8).replaceAll(".*\"repositoryName\":\"([^\"]+)\".*", "$1");
      if (name.startsWith("denied/")) {
        return new StubHttpServer.Reply(400, Map.of(), ("{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:iam::123456789012:user/ci"
            + " is not authorized to perform: ecr:CreateRepository\"}").getBytes(StandardCharsets.UTF_8));
      }
      if (!created.contains(name)) {
        created.add(name);
        return new StubHttpServer.Reply(200, Map.of(), ("{\"repository\":{\"repositoryName\":\"" + name + "\"}}").getBytes(StandardCharsets.UTF_8));
      }
      return new StubHttpServer.Reply(400, Map.of(), ("{\"__type\":\"RepositoryAlreadyExistsException\",\"message\":\"The repository with name '"
          + name + "' already exists\"}").getBytes(StandardCharsets.UTF_8));
    })) {
      address[0] = server.address();
      EcrRepositories repositories = new EcrRepositories(Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", SESSION,
          "AWS_ENDPOINT_URL_ECR", "http://" + server.address()), HttpClientTransport.forFewRequests(ProxySettings.DIRECT));

      assertEquals(Optional.of("created ECR repository team/app (private)"), repositories.beforeFirstPush(ImageReference.parse(ECR + "/team/app")),
          refusals.toString());
      assertEquals(Optional.empty(), repositories.beforeFirstPush(ImageReference.parse(ECR + "/team/app")), "there already");
      assertEquals(Optional.empty(), repositories.beforeFirstPush(ImageReference.parse("registry.example.com/team/app")), "not ECR");
      RegistryException e = assertThrows(RegistryException.class, () -> repositories.beforeFirstPush(ImageReference.parse(ECR + "/denied/app")));
      assertEquals("cannot create ECR repository denied/app on " + ECR + ": HTTP 400 AccessDeniedException: User: arn:aws:iam::123456789012:user/ci"
          + " is not authorized to perform: ecr:CreateRepository", e.getMessage());
      assertEquals(List.of("team/app"), created);
    }
  }
}
