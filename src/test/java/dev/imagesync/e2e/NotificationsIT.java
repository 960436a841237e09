package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** --notify-url and WxPusher (WPUSH_KEY), against a local HTTP server playing both. */
@ExtendWith(RegistryExtension.class)
class NotificationsIT {

  private static final String KEY = "SPT_test_Notify_Key_8fQ2";

  @TempDir Path dir;
  private HttpServer server;
  private final Map<String, String> received = new ConcurrentHashMap<>();
  private volatile int status = 200;
  private volatile String wxPusherAnswer = "{\"code\":1000,\"msg\":\"处理成功\",\"success\":true}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      received.put(exchange.getRequestURI().getPath(), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (exchange.getRequestURI().getPath().equals("/wxpusher") && status == 200) {
        byte[] answer = wxPusherAnswer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
      } else {
        exchange.sendResponseHeaders(status, -1);
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private Path list(TestRegistry srcRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    new TestImages(src).single("n/ok", "1", "linux/amd64", "notify", true);
    Path list = dir.resolve("images.md");
    Files.writeString(list, src.address() + "/n/ok:1\n" + src.address() + "/n/missing:1\n");
    return list;
  }

  @Test
  void theReportAndTheWxPusherMessageAreDelivered(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    Path list = list(srcRegistry);

    Cli.Run run = Cli.runIn(dir, List.of(), Map.of("WPUSH_KEY", KEY, "WPUSH_URL", url("/wxpusher")),
        "sync", list.toString(), "--to", dstRegistry.address() + "/n", "--notify-url", url("/hook/secret-path"));

    assertEquals(1, run.exitCode(), run.toString());
    JsonNode report = new ObjectMapper().readTree(received.get("/hook/secret-path"));
    assertEquals(1, report.path("totals").path("copied").asInt(), report.toString());
    assertEquals(1, report.path("totals").path("failed").asInt(), report.toString());
    JsonNode push = new ObjectMapper().readTree(received.get("/wxpusher"));
    assertEquals(KEY, push.path("spt").asText());
    assertEquals(3, push.path("contentType").asInt());
    assertTrue(push.path("summary").asText().contains("1 copied, 0 skipped, 1 failed"), push.toString());
    assertTrue(push.path("content").asText().contains("/n/missing:1"), push.toString());
    assertFalse((run.stdout() + run.stderr()).contains(KEY), "the key never appears in output");
  }

  @Test
  void aFailingNotificationIsOnlyAWarning(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    new TestImages(src).single("n/fine", "1", "linux/amd64", "notify-fine", true);
    Path list = dir.resolve("fine.md");
    Files.writeString(list, src.address() + "/n/fine:1\n");
    status = 500;

    Cli.Run run = Cli.runIn(dir, List.of(), Map.of("WPUSH_KEY", KEY, "WPUSH_URL", url("/wxpusher")),
        "sync", list.toString(), "--to", dstRegistry.address() + "/n", "--notify-url", url("/hook/secret-path"));

    assertEquals(0, run.exitCode(), run.toString());
    assertTrue(run.stderr().contains("imagesync: warning: notification to http://127.0.0.1:" + server.getAddress().getPort() + " answered HTTP 500"),
        run.stderr());
    assertFalse(run.stderr().contains("secret-path"), "the webhook's path is not printed: " + run.stderr());
    assertFalse((run.stdout() + run.stderr()).contains(KEY));
  }

  @Test
  void aWxPusherErrorCodeIsAWarningNamingIt(TestRegistry srcRegistry, TestRegistry dstRegistry) throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    new TestImages(src).single("n/wx", "1", "linux/amd64", "notify-wx", true);
    Path list = dir.resolve("wx.md");
    Files.writeString(list, src.address() + "/n/wx:1\n");
    wxPusherAnswer = "{\"code\":1001,\"msg\":\"appToken或spt不正确\",\"data\":null,\"success\":false}";

    Cli.Run run = Cli.runIn(dir, List.of(), Map.of("WPUSH_KEY", KEY, "WPUSH_URL", url("/wxpusher")), "sync", list.toString(), "--to",
        dstRegistry.address() + "/n");

    assertEquals(0, run.exitCode(), "a refused notification is a warning, not a failed sync: " + run);
    assertTrue(run.stderr().contains("imagesync: warning: WxPusher: refused the message: code 1001 (appToken或spt不正确)"), run.stderr());
    assertFalse((run.stdout() + run.stderr()).contains(KEY));
  }
}
