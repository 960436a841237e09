package dev.imagesync.acr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** V3 signatures against values computed apart from this code (Python's hashlib and hmac, following Aliyun's documented steps). */
class AcrSignerTest {

  private final AcrSigner signer = new AcrSigner("test-key-id", "test-secret-key");

  @Test
  void aRoaRequestWithABody() {
    byte[] body = "{\"Repo\":{\"RepoNamespace\":\"mirror\",\"RepoName\":\"nginx\",\"Summary\":\"mirrored by imagesync\",\"RepoType\":\"PUBLIC\"}}"
        .getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = signer.sign("PUT", "cr.cn-hangzhou.aliyuncs.com", "/repos", Map.of(), "CreateRepo", "2016-06-07",
        "application/json; charset=utf-8", body, Instant.parse("2026-11-30T12:00:00.123Z"), "3b5ee1c3a3a34c8d");

    assertEquals("ACS3-HMAC-SHA256 Credential=test-key-id,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;"
        + "x-acs-signature-nonce;x-acs-version,Signature=e6b7aeb35ae9a19d3f958ecd53ebe195317a0aee67677adceb96de14fb3dc3f5", headers.get("Authorization"));
    assertEquals("2026-11-30T12:00:00Z", headers.get("x-acs-date"));
    assertFalse(headers.toString().contains("test-secret-key"));
  }

  @Test
  void anRpcRequestWithItsParametersInTheQuery() {
    Map<String, String> query = new TreeMap<>(Map.of("InstanceId", "cri-abc", "RepoName", "nginx", "RepoNamespaceName", "mirror",
        "RepoType", "PUBLIC", "Summary", "mirrored by imagesync"));
    Map<String, String> headers = signer.sign("POST", "cr.cn-hangzhou.aliyuncs.com", "/", query, "CreateRepository", "2018-12-01", null,
        new byte[0], Instant.parse("2026-11-30T12:00:00Z"), "nonce-2");

    assertTrue(headers.get("Authorization").endsWith(",Signature=b09ff9edc2e6dff7869f88e1ac91e6a5cd60b7cd8e2b46a2cef4c18d41c51142"), headers.toString());
    assertEquals("InstanceId=cri-abc&RepoName=nginx&RepoNamespaceName=mirror&RepoType=PUBLIC&Summary=mirrored%20by%20imagesync",
        AcrSigner.canonicalQuery(query));
  }
}
