package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Turns a registry's error response into one short line ({@code MANIFEST_UNKNOWN: manifest unknown}). */
final class ErrorBodies {

  private static final int MAX = 200;

  private ErrorBodies() {}

  /** The registry's error codes and messages, or the HTTP status alone when the body says nothing. */
  static String describe(int status, String body) {
    List<String> parts = new ArrayList<>();
    if (body != null && !body.isBlank()) {
      try {
        JsonNode errors = dev.imagesync.image.Json.mapper().readTree(body).path("errors");
        for (JsonNode e : errors) {
          String code = e.path("code").asText("");
          String message = e.path("message").asText("");
          // A detail in words says what a bare code does not (distribution's UNKNOWN "unknown
          // error" is whatever failed inside it: "no space left on device"; Quay's MANIFEST_INVALID
          // says why in detail.message: "manifest schema version not supported"); any other
          // structured detail (distribution's {"Tag": "v9"}) is left out.
          JsonNode detail = e.path("detail");
          String words = detail.isTextual() ? detail.asText() : detail.path("message").isTextual() ? detail.path("message").asText() : "";
          String said = !words.isBlank() && !words.equals(message) ? " (" + words + ")" : "";
          parts.add((code.isEmpty() ? message : code + (message.isEmpty() ? "" : ": " + message)) + said);
        }
      } catch (Exception notJson) {
        // Not the distribution error format; the status code below still says what happened.
      }
    }
    if (parts.isEmpty() && body != null && plainWords(body)) {
      // Not the error format, but a line of words (ECR's "Not Authorized", a proxy's reason): shown.
      parts.add(body.strip());
    }
    String text = parts.isEmpty() ? "HTTP " + status : "HTTP " + status + " " + String.join("; ", parts);
    text = text.replaceAll("\\s+", " ");
    return text.length() > MAX ? text.substring(0, MAX) + "…" : text;
  }

  /** A short body of plain words: one line, no markup, not JSON. */
  private static boolean plainWords(String body) {
    String b = body.strip();
    return !b.isEmpty() && b.length() <= 120 && !b.contains("\n") && !b.contains("<") && !b.startsWith("{") && !b.startsWith("[");
  }

  /** The registry's first error code, or empty. */
  static String firstCode(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      return dev.imagesync.image.Json.mapper().readTree(body).path("errors").path(0).path("code").asText("");
    } catch (Exception notJson) {
      return "";
    }
  }
}
