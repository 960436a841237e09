package dev.imagesync.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void knownSecretsAndSecretShapedTextAreMasked() {
    Secrets.register("hunter2-password");
    assertEquals("login with **** failed", Secrets.redact("login with hunter2-password failed"));
    assertEquals("Authorization: ****", Secrets.redact("Authorization: Basic dXNlcjpwYXNz"));
    assertEquals("sent Bearer ****", Secrets.redact("sent Bearer abcdefghijklmnopqrstuvwxyz0123"));
    assertEquals("token ****", Secrets.redact("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz"));
    assertEquals("{\"token\": \"****\", \"expires_in\": 300, \"refresh_token\":\"****\"}",
        Secrets.redact("{\"token\": \"abc.def.ghi\", \"expires_in\": 300, \"refresh_token\":\"r-123\"}"));
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    String line = "copied  docker.io/library/nginx:1.25 -> r.example.com/ns/nginx:1.25 sha256:" + "a".repeat(64);
    assertEquals(line, Secrets.redact(line));
    assertEquals("server requires basic auth for 127.0.0.1:5000/ns/app", Secrets.redact("server requires basic auth for 127.0.0.1:5000/ns/app"));
    assertFalse(Secrets.redact("authentication failed for ghcr.io (check the user name and password for ghcr.io)").contains("****"));
  }
}
