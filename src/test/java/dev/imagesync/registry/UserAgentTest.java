package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.Request;
import dev.imagesync.testing.FakeTransport;
import java.net.URI;
import org.junit.jupiter.api.Test;

class UserAgentTest {

  @Test
  void namesImagesyncUnlessTheRequestNamesItsOwnAgent() throws Exception {
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 200));
    UserAgent agent = new UserAgent(wire);
    agent.send(Request.of("GET", URI.create("https://r.example/v2/")));
    agent.send(Request.of("GET", URI.create("https://r.example/v2/")).withHeader("User-Agent", "other/1"));

    assertTrue(wire.received.get(0).headers().first("User-Agent").orElseThrow().startsWith("imagesync/"));
    assertEquals("other/1", wire.received.get(1).headers().first("User-Agent").orElseThrow());
  }
}
