package dev.imagesync.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesync.image.Json;
import dev.imagesync.http.Body;
import dev.imagesync.http.HttpClientTransport;
import dev.imagesync.http.ProxySettings;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import dev.imagesync.secrets.Secrets;
import dev.imagesync.sync.SyncOutcome;
import dev.imagesync.sync.TagResult;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells someone how the run went: {@code --notify-url URL} receives the JSON report in a POST;
 * with {@code WPUSH_KEY} set (a WxPusher simple-push token, as the mapping workflow uses), a
 * message of what succeeded, was skipped and failed goes to WxPusher. A notification that fails
 * is a warning, never a failed sync. Neither the key nor the URL's path or query is printed.
 */
public final class Notifications {

  /** WxPusher's simple-push endpoint; WPUSH_URL replaces it (a relay, or a test server). */
  static final String WXPUSHER = "https://wxpusher.zjiecode.com/api/send/message/simple-push";
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final int MAX_LISTED = 50;

  private Notifications() {}

  /** Sends what is configured; returns one warning per notification that failed. */
  public static List<String> send(SyncOutcome outcome, double seconds, String notifyUrl, Map<String, String> env, ProxySettings proxies) {
    List<String> warnings = new ArrayList<>();
    boolean wanted = (notifyUrl != null && !notifyUrl.isBlank()) || (env.get("WPUSH_KEY") != null && !env.get("WPUSH_KEY").isBlank());
    if (!wanted) {
      return warnings;
    }
    registerPathAndQuery(notifyUrl);
    try (HttpClientTransport http = HttpClientTransport.forFewRequests(proxies)) {
      if (notifyUrl != null && !notifyUrl.isBlank()) {
        post(http, notifyUrl, JsonReport.render(outcome, seconds, java.time.Instant.now()), body -> java.util.Optional.empty())
            .ifPresent(warnings::add);
      }
      String key = env.get("WPUSH_KEY");
      if (key != null && !key.isBlank()) {
        Secrets.register(key);
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("content", message(outcome, seconds));
        message.put("summary", summary(outcome));
        message.put("contentType", 3); // markdown
        message.put("spt", key.strip());
        String url = env.getOrDefault("WPUSH_URL", WXPUSHER);
        post(http, url, message.toString(), Notifications::wxPusherRefusal).ifPresent(w -> warnings.add("WxPusher: " + w));
      }
    }
    return warnings;
  }

  static String summary(SyncOutcome outcome) {
    return (outcome.anyFailed() ? "❌" : "✅") + " imagesync: " + ResultPrinter.counts(outcome);
  }

  static String message(SyncOutcome outcome, double seconds) {
    StringBuilder md = new StringBuilder("## ").append(summary(outcome)).append('\n');
    md.append(String.format(java.util.Locale.ROOT, "%.1f s\n", seconds));
    list(md, "❌ Failed", outcome, TagResult.Status.FAILED);
    list(md, "✅ Copied", outcome, TagResult.Status.COPIED);
    list(md, "⏭ Skipped", outcome, TagResult.Status.SKIPPED);
    return Secrets.redact(md.toString());
  }

  private static void list(StringBuilder md, String title, SyncOutcome outcome, TagResult.Status status) {
    List<TagResult> results = outcome.results().stream().filter(r -> r.status() == status).toList();
    if (results.isEmpty()) {
      return;
    }
    md.append("\n### ").append(title).append(" (").append(results.size()).append(")\n");
    for (TagResult r : results.subList(0, Math.min(MAX_LISTED, results.size()))) {
      md.append("- ").append(r.source()).append(" → ").append(r.target());
      r.reason().ifPresent(reason -> md.append(": ").append(reason));
      md.append('\n');
    }
    if (results.size() > MAX_LISTED) {
      md.append("- … ").append(results.size() - MAX_LISTED).append(" more\n");
    }
  }

  /**
   * WxPusher answers HTTP 200 even when it refuses (a bad key: {@code {"code":1001,
   * "success":false}}); its own code says whether the message went. 1000 is success.
   */
  static java.util.Optional<String> wxPusherRefusal(String body) {
    try {
      com.fasterxml.jackson.databind.JsonNode answer = Json.mapper().readTree(body);
      boolean refused = answer.path("success").isBoolean() ? !answer.path("success").asBoolean()
          : answer.path("code").isNumber() && answer.path("code").asInt() != 1000;
      if (!refused) {
        return java.util.Optional.empty();
      }
      String message = answer.path("msg").asText("");
      return java.util.Optional.of("refused the message: code " + answer.path("code").asText("?")
          + (message.isBlank() ? "" : " (" + Secrets.redact(message.strip()) + ")"));
    } catch (IOException | RuntimeException notJson) {
      return java.util.Optional.empty(); // a relay (WPUSH_URL) may answer anything; HTTP 2xx is all it promises
    }
  }

  private static java.util.Optional<String> post(Transport http, String url, String json,
      java.util.function.Function<String, java.util.Optional<String>> refusal) {
    URI uri;
    try {
      uri = URI.create(url.strip());
      if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        return java.util.Optional.of("not an http(s) URL: " + where(url));
      }
    } catch (IllegalArgumentException e) {
      return java.util.Optional.of("not a URL: " + where(url));
    }
    Request request = Request.of("POST", uri).withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("User-Agent", "imagesync").withBody(Body.of(json.getBytes(StandardCharsets.UTF_8))).withTimeout(TIMEOUT);
    try (Response response = http.send(request)) {
      String body = new String(response.body().readNBytes(64 << 10), StandardCharsets.UTF_8);
      if (response.status() / 100 != 2) {
        return java.util.Optional.of("notification to " + where(url) + " answered HTTP " + response.status());
      }
      java.util.Optional<String> refused = refusal.apply(body);
      if (refused.isPresent()) {
        return refused;
      }
      return java.util.Optional.empty();
    } catch (IOException | RuntimeException e) {
      String why = e instanceof java.net.SocketTimeoutException ? "no answer in time"
          : e instanceof java.net.UnknownHostException ? "unknown host"
          : e instanceof java.net.ConnectException ? "cannot connect"
          : e.getMessage() == null ? "the connection failed" : Secrets.redact(e.getMessage().lines().findFirst().orElse(""));
      return java.util.Optional.of("notification to " + where(url) + " failed: " + why);
    }
  }

  /** A webhook's path and query often are its token: masked wherever they would be printed. */
  private static void registerPathAndQuery(String url) {
    if (url == null || url.isBlank()) {
      return;
    }
    try {
      URI u = URI.create(url.strip());
      if (u.getRawPath() != null && u.getRawPath().length() > 1) {
        Secrets.register(u.getRawPath());
      }
      Secrets.register(u.getRawQuery());
    } catch (IllegalArgumentException notAUrl) {
      // post() says so
    }
  }

  /** Scheme, host and port only: webhook paths and queries often carry a token. */
  private static String where(String url) {
    try {
      URI u = URI.create(url.strip());
      return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (RuntimeException e) {
      return "(the given URL)";
    }
  }
}
