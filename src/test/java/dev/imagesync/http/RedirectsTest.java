package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesync.testing.FakeTransport;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedirectsTest {

  @Test
  void aDownloadRedirectedToAnotherHostGoesThereWithoutCredentials() throws Exception {
    FakeTransport wire = new FakeTransport(r -> r.uri().getHost().equals("r.example")
        ? FakeTransport.response(r, 307, "Location", "https://cdn.example/blob?sig=1")
        : FakeTransport.withBody(r, 200, "layer bytes"));
    Request get = Request.of("GET", URI.create("https://r.example/v2/a/blobs/sha256:1")).withHeader("Authorization", "Bearer t");

    assertEquals("layer bytes", new Redirects(wire).send(get).text());
    assertEquals(List.of("Bearer t", "-"), wire.authorizations());
    assertEquals("https://cdn.example/blob?sig=1", wire.received.get(1).uri().toString());
  }

  @Test
  void aRelativeRedirectOnTheSameHostKeepsThem() throws Exception {
    FakeTransport wire = new FakeTransport(r -> r.uri().getPath().endsWith("/1")
        ? FakeTransport.response(r, 302, "Location", "/v2/a/blobs/2")
        : FakeTransport.response(r, 200));
    new Redirects(wire).send(Request.of("GET", URI.create("https://r.example/v2/a/blobs/1")).withHeader("Authorization", "Basic x"));

    assertEquals(List.of("Basic x", "Basic x"), wire.authorizations());
    assertEquals("https://r.example/v2/a/blobs/2", wire.received.get(1).uri().toString());
  }

  @Test
  void writesAreNotRedirectedAndLoopsEnd() throws Exception {
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 307, "Location", "/again"));
    assertEquals(307, new Redirects(wire).send(Request.of("PUT", URI.create("https://r.example/v2/a/manifests/1"))).status());
    assertEquals(1, wire.received.size());
    assertEquals(307, new Redirects(wire).send(Request.of("GET", URI.create("https://r.example/v2/"))).status());
    assertEquals(1 + 1 + Redirects.MAX_HOPS, wire.received.size());
  }
}
