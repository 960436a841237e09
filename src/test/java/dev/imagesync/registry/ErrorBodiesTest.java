package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

  @Test
  void codeMessageAndADetailInWords() {
    assertEquals("HTTP 500 UNKNOWN: unknown error (write /var/lib/registry: no space left on device)", ErrorBodies.describe(500,
        "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"unknown error\",\"detail\":\"write /var/lib/registry: no space left on device\"}]}"));
  }

  @Test
  void aStructuredDetailIsLeftOut() {
    assertEquals("HTTP 404 MANIFEST_UNKNOWN: manifest unknown", ErrorBodies.describe(404,
        "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\",\"detail\":{\"Tag\":\"v9\"}}]}"));
  }

  @Test
  void notTheErrorFormatIsTheStatusAlone() {
    assertEquals("HTTP 502", ErrorBodies.describe(502, "<html>bad gateway</html>"));
  }

  /** Quay (1.x, 3.x before schema 2 support) says why a manifest is refused in detail.message. */
  @Test
  void quaysDetailMessageIsShown() {
    assertEquals("HTTP 400 MANIFEST_INVALID: manifest invalid (manifest schema version not supported)", ErrorBodies.describe(400,
        "{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"detail\":{\"message\":\"manifest schema version not supported\"},\"message\":\"manifest invalid\"}]}"));
  }

  @Test
  void aLineOfPlainWordsIsShown() {
    assertEquals("HTTP 400 Not Authorized", ErrorBodies.describe(400, "Not Authorized\n"));
  }
}
