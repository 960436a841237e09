package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.LoopbackNames;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestKeys;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Amazon ECR as a user meets it, from the AWS keys alone: a TLS registry named as an ECR host
 * ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}, mapped to 127.0.0.1) that takes Basic auth with
 * the user AWS and the password GetAuthorizationToken hands out (docs.aws.amazon.com/AmazonECR/
 * latest/userguide/registry_auth.html), and a stand-in of ECR's API
 * (docs.aws.amazon.com/AmazonECR/latest/APIReference/: JSON 1.1 POSTs named by X-Amz-Target,
 * SigV4-signed for the service ecr) that takes only signed calls. The signature's arithmetic is
 * held to AWS's published example in SigV4Test and recomputed by EcrLoginsTest; here the calls'
 * shape, credential scope and session token are checked, and the whole run.
 */
@ExtendWith(RegistryExtension.class)
class EcrIT {

  private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
  private static final String KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String SESSION = "FwoGZXIvYXdzEXAMPLEsessiontoken";
  private static final String PASSWORD = "ecr-login-password-imagesync-7Qx";
  private static final Pattern SIGNED = Pattern.compile("AWS4-HMAC-SHA256 Credential=" + KEY
      + "/\\d{8}/eu-west-1/ecr/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}");

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> created = new CopyOnWriteArrayList<>();

  private StubHttpServer.Reply api(StubHttpServer.Received r) {
    String target = r.headers().getOrDefault("x-amz-target", "");
    calls.add(target);
    boolean signed = r.method().equals("POST") && r.path().equals("/") && "application/x-amz-json-1.1".equals(r.headers().get("content-type"))
        && SIGNED.matcher(r.headers().getOrDefault("authorization", "")).matches() && r.headers().containsKey("x-amz-date")
        && SESSION.equals(r.headers().get("x-amz-security-token"));
    if (!signed) {
      return json(403, "{\"__type\":\"InvalidSignatureException\",\"message\":\"The request signature we calculated does not match\"}");
    }
    if (target.equals("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken")) {
      String token = Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      return json(200, "{\"authorizationData\":[{\"authorizationToken\":\"" + token + "\",\"expiresAt\":1.9E9,\"proxyEndpoint\":\"https://"
          + ECR + "\"}]}");
    }
    if (target.equals("AmazonEC2ContainerRegistry_V20150921.CreateRepository")) {
      String name = new String(r.body(), StandardCharsets.UTF_8).replaceAll(".*\"repositoryName\":\"([^\"]+)\".*", "$1");
      if (created.contains(name)) {
        return json(400, "{\"__type\":\"RepositoryAlreadyExistsException\",\"message\":\"The repository with name '" + name + "' already exists\"}");
      }
      created.add(name);
      return json(200, "{\"repository\":{\"repositoryName\":\"" + name + "\"}}");
    }
    return json(400, "{\"__type\":\"UnknownOperationException\"}");
  }

  private static StubHttpServer.Reply json(int status, String body) {
    return new StubHttpServer.Reply(status, Map.of("Content-Type", "application/x-amz-json-1.1"), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theAwsKeysAloneCopyIntoAnEcrRepositoryMadeBeforeThePush(TestRegistry src) throws IOException {
    LoopbackNames.map(ECR);
    Pushed image = new TestImages(new RawRegistry(src)).multiArch("lib/app", "1", true, "ecr", 2, 4000, "linux/amd64", "linux/arm64");
    TestKeys keys = TestKeys.generate(ECR, "dns:" + ECR + ",ip:127.0.0.1"); // the IP for the harness's own start-up check
    try (TestRegistry registry = TestRegistry.startWithTlsAndBasicAuth(keys, "AWS", PASSWORD);
        StubHttpServer aws = new StubHttpServer(InetAddress.getLoopbackAddress(), this::api)) {
      String ecr = ECR + registry.address().substring(registry.address().lastIndexOf(':'));
      Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", KEY, "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", SESSION,
          "AWS_ENDPOINT_URL_ECR", "http://" + aws.address());

      Cli.Run run = Cli.run(List.of(), env, "copy", src.address() + "/lib/app:1", ecr + "/team/app:1", "--create-repositories",
          "--ca-cert", keys.certificatePem().toString(), "--retries", "0");

      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.stdout().contains("created ECR repository team/app (private)"), run.stdout());
      assertEquals(List.of("team/app"), created);
      assertEquals(1, calls.stream().filter(c -> c.endsWith(".GetAuthorizationToken")).count(), "one login per registry per run: " + calls);
      calls.clear();
      assertArrayEquals(image.bytes(), RawRegistry.overTls(registry.address(), "AWS", PASSWORD).getManifest("team/app", "1").orElseThrow().bytes());
      String all = run.stdout() + run.stderr();
      for (String secret : List.of(SECRET, SESSION, PASSWORD)) {
        assertFalse(all.contains(secret), "a secret in the output");
      }

      Cli.Run wrongKeys = Cli.run(List.of(), Map.of("AWS_ACCESS_KEY_ID", "AKIAOTHERKEY00000000", "AWS_SECRET_ACCESS_KEY", SECRET,
          "AWS_ENDPOINT_URL_ECR", "http://" + aws.address()), "copy", src.address() + "/lib/app:1", ecr + "/team/app:2",
          "--ca-cert", keys.certificatePem().toString(), "--retries", "0");
      assertEquals(1, wrongKeys.exitCode(), wrongKeys.toString());
      assertEquals(1, calls.stream().filter(c -> c.endsWith(".GetAuthorizationToken")).count(), "a refusal is not asked again: " + calls);
      assertTrue(wrongKeys.stdout().contains("cannot get a login for " + ecr + " from the AWS keys (ECR GetAuthorizationToken): HTTP 403"
          + " InvalidSignatureException"), wrongKeys.toString());
    }
  }
}
