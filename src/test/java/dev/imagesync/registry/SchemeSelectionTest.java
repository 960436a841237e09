package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.Request;
import dev.imagesync.testing.FakeTransport;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemeSelectionTest {

  private static Request get(String url) {
    return Request.of("GET", URI.create(url));
  }

  private static List<String> schemes(FakeTransport wire) {
    return wire.received.stream().map(r -> r.uri().getScheme()).toList();
  }

  @Test
  void aSecureRegistryIsAlwaysSpokenToOverTls() throws Exception {
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 200));
    SchemeSelection scheme = new SchemeSelection(wire, "r.example", TransportPolicy.Mode.SECURE);
    scheme.send(get("https://r.example/v2/a/manifests/1"));
    scheme.send(get("http://r.example/v2/a/blobs/uploads/x")); // an upload location the registry wrote with http://

    assertEquals(List.of("https", "https"), schemes(wire));
    assertTrue(scheme.overTls());
  }

  @Test
  void aLoopbackRegistryThatAnswersPlainHttpStaysOnIt() throws Exception {
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 200, "Docker-Distribution-Api-Version", "registry/2.0"));
    SchemeSelection scheme = new SchemeSelection(wire, "127.0.0.1:5000", TransportPolicy.Mode.LOOPBACK);
    scheme.send(get("https://127.0.0.1:5000/v2/a/manifests/1"));
    scheme.send(get("https://127.0.0.1:5000/v2/a/manifests/2"));

    assertEquals(List.of("http", "http"), schemes(wire));
    assertEquals("http://127.0.0.1:5000/v2/a/manifests/1", wire.received.get(0).uri().toString());
  }

  @Test
  void anEscapedQueryOrPathIsSentAsItIsNotEscapedTwice() throws Exception {
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 200, "Docker-Distribution-Api-Version", "registry/2.0"));
    SchemeSelection scheme = new SchemeSelection(wire, "127.0.0.1:5000", TransportPolicy.Mode.LOOPBACK);
    scheme.send(get("https://127.0.0.1:5000/v2/a/referrers/sha256:00?artifactType=application%2Fspdx%2Bjson"));
    scheme.send(get("https://127.0.0.1:5000/v2/a/tags/list?n=100&last=v1%2Bbuild"));

    assertEquals("http://127.0.0.1:5000/v2/a/referrers/sha256:00?artifactType=application%2Fspdx%2Bjson", wire.received.get(0).uri().toString());
    assertEquals("http://127.0.0.1:5000/v2/a/tags/list?n=100&last=v1%2Bbuild", wire.received.get(1).uri().toString());
  }

  @Test
  void aTlsServerAnsweringPlainHttpWith400SwitchesToHttpsForGood() throws Exception {
    FakeTransport wire = new FakeTransport(r -> r.uri().getScheme().equals("http")
        ? FakeTransport.withBody(r, 400, "Client sent an HTTP request to an HTTPS server.")
        : FakeTransport.response(r, 200, "Docker-Distribution-Api-Version", "registry/2.0"));
    SchemeSelection scheme = new SchemeSelection(wire, "127.0.0.1:5000", TransportPolicy.Mode.LOOPBACK);

    assertEquals(200, scheme.send(get("https://127.0.0.1:5000/v2/a/manifests/1")).status());
    scheme.send(get("https://127.0.0.1:5000/v2/a/manifests/2"));
    assertEquals(List.of("http", "https", "https"), schemes(wire));
    assertTrue(scheme.overTls());
  }

  @Test
  void aClosedConnectionMeansTryTlsButARefusedOneDoesNot() throws Exception {
    FakeTransport closing = new FakeTransport(r -> {
      if (r.uri().getScheme().equals("http")) {
        throw new SocketException("Connection reset");
      }
      return FakeTransport.response(r, 200);
    });
    new SchemeSelection(closing, "localhost:5000", TransportPolicy.Mode.INSECURE).send(get("https://localhost:5000/v2/"));
    assertEquals(List.of("http", "https"), schemes(closing));

    FakeTransport down = new FakeTransport(r -> {
      throw new ConnectException("Connection refused");
    });
    SchemeSelection scheme = new SchemeSelection(down, "localhost:5000", TransportPolicy.Mode.LOOPBACK);
    assertThrows(ConnectException.class, () -> scheme.send(get("https://localhost:5000/v2/")));
    assertThrows(ConnectException.class, () -> scheme.send(get("https://localhost:5000/v2/")));
    assertEquals(List.of("http", "http"), schemes(down), "a registry that is down is asked over http:// again later");
  }

  @Test
  void otherHostsAreLeftAlone() throws Exception {
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 200));
    new SchemeSelection(wire, "127.0.0.1:5000", TransportPolicy.Mode.LOOPBACK).send(get("https://cdn.example/blob"));
    assertEquals(List.of("https"), schemes(wire));
  }
}
