package dev.imagesync.acr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.registry.RegistryException;
import dev.imagesync.testing.FakeTransport;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the API's answers read: exists or not, created or there already, and each refusal as one line with its fix. */
class AcrApiTest {

  private static AcrApi api(int status, String body, Optional<String> instance) {
    return new AcrApi(new FakeTransport(r -> FakeTransport.withBody(r, status, body, "Content-Type", "application/json")),
        URI.create("https://cr.cn-hangzhou.aliyuncs.com"), new AcrSigner("id", "secret"), instance, Duration.ofSeconds(5));
  }

  @Test
  void existsOrNotInBothEditions() {
    assertTrue(api(200, "{\"data\":{\"repo\":{}}}", Optional.empty()).exists("ns", "app"));
    assertFalse(api(404, "{\"code\":\"REPO_NOT_EXIST\",\"message\":\"repo not exist\"}", Optional.empty()).exists("ns", "app"));
    assertTrue(api(200, "{\"Code\":\"success\",\"IsSuccess\":true}", Optional.of("cri-1")).exists("ns", "app"));
    assertFalse(api(200, "{\"Code\":\"REPO_NOT_EXIST\",\"IsSuccess\":false}", Optional.of("cri-1")).exists("ns", "app"));
  }

  @Test
  void aRepositoryCreatedMeanwhileByAnotherRunIsNoFailure() {
    api(400, "{\"code\":\"REPO_IS_EXIST\",\"message\":\"repo is exist\"}", Optional.empty()).create("ns", "app", AcrApi.Visibility.PUBLIC);
    api(200, "{\"Code\":\"REPO_EXIST\",\"IsSuccess\":false}", Optional.of("cri-1")).create("ns", "app", AcrApi.Visibility.PUBLIC);
  }

  @Test
  void refusalsSayWhatToFix() {
    RegistryException ns = assertThrows(RegistryException.class,
        () -> api(404, "{\"code\":\"NAMESPACE_NOT_EXIST\",\"message\":\"namespace not exist\"}", Optional.empty()).create("ns", "app", AcrApi.Visibility.PUBLIC));
    assertEquals("Aliyun ACR: cannot create ns/app: the namespace does not exist: create it in the Container Registry console first"
        + " (NAMESPACE_NOT_EXIST: namespace not exist)", ns.getMessage());
    RegistryException key = assertThrows(RegistryException.class,
        () -> api(404, "{\"Code\":\"InvalidAccessKeyId.NotFound\",\"Message\":\"Specified access key is not found.\"}", Optional.empty()).exists("ns", "app"));
    assertTrue(key.getMessage().contains("the access key was refused"), key.getMessage());
    RegistryException quota = assertThrows(RegistryException.class,
        () -> api(200, "{\"Code\":\"REPO_QUOTA_EXCEED\",\"IsSuccess\":false}", Optional.of("cri-1")).create("ns", "app", AcrApi.Visibility.PUBLIC));
    assertTrue(quota.getMessage().contains("quota of repositories is reached"), quota.getMessage());
    RegistryException html = assertThrows(RegistryException.class, () -> api(200, "<html>a captive portal</html>", Optional.empty()).exists("ns", "app"));
    assertTrue(html.getMessage().contains("not JSON"), html.getMessage());
  }

  @Test
  void aPassingFailureIsTriedAgain() {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    AcrApi api = new AcrApi(new FakeTransport(r -> calls.incrementAndGet() == 1
        ? FakeTransport.withBody(r, 503, "{\"Code\":\"ServiceUnavailable\"}", "Content-Type", "application/json")
        : FakeTransport.withBody(r, 200, "{\"data\":{}}", "Content-Type", "application/json")),
        URI.create("https://cr.cn-hangzhou.aliyuncs.com"), new AcrSigner("id", "secret"), Optional.empty(), Duration.ofSeconds(5));
    assertTrue(api.exists("ns", "app"));
    assertEquals(2, calls.get());
    RegistryException down = assertThrows(RegistryException.class, () -> api(502, "<html>bad gateway</html>", Optional.empty()).exists("ns", "app"));
    assertTrue(down.getMessage().contains("did not answer properly, three times") && down.getMessage().contains("HTTP 502"), down.getMessage());
  }
}
