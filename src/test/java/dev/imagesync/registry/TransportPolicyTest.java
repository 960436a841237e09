package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TransportPolicyTest {

  @Test
  void loopbackMayUsePlainHttpWithoutAFlag() {
    TransportPolicy p = TransportPolicy.secureExceptLoopback();
    for (String r : new String[] {"localhost", "localhost:5000", "127.0.0.1:5001", "127.8.9.10", "[::1]:5000"}) {
      assertEquals(TransportPolicy.Mode.LOOPBACK, p.modeOf(r), r);
    }
    for (String r : new String[] {"docker.io", "ghcr.io", "10.0.0.1:5000", "127.0.0.1.example.com", "registry.local:5000"}) {
      assertEquals(TransportPolicy.Mode.SECURE, p.modeOf(r), r);
    }
  }

  @Test
  void otherHostsOnlyWhenNamed() {
    TransportPolicy p = new TransportPolicy(Set.of("Registry.Local:5000", "harbor.lan"));
    assertEquals(TransportPolicy.Mode.INSECURE, p.modeOf("registry.local:5000"));
    assertEquals(TransportPolicy.Mode.SECURE, p.modeOf("registry.local:5001"));
    assertEquals(TransportPolicy.Mode.INSECURE, p.modeOf("harbor.lan:8443"));
    assertEquals(TransportPolicy.Mode.INSECURE, new TransportPolicy(Set.of("127.0.0.1:5000")).modeOf("127.0.0.1:5000"));
    assertEquals(TransportPolicy.Mode.SECURE, p.modeOf("docker.io"));
  }
}
