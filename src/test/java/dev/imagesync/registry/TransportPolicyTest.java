package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TransportPolicyTest {

  @Test
  void loopbackNeedsNoFlag() {
    TransportPolicy p = TransportPolicy.secureExceptLoopback();
    for (String r : new String[] {"localhost", "localhost:5000", "127.0.0.1:5001", "127.8.9.10", "[::1]:5000"}) {
      assertTrue(p.allowsInsecure(r), r);
    }
    for (String r : new String[] {"docker.io", "ghcr.io", "10.0.0.1:5000", "127.0.0.1.example.com", "registry.local:5000"}) {
      assertFalse(p.allowsInsecure(r), r);
    }
  }

  @Test
  void otherHostsOnlyWhenNamed() {
    TransportPolicy p = new TransportPolicy(Set.of("Registry.Local:5000", "harbor.lan"));
    assertTrue(p.allowsInsecure("registry.local:5000"));
    assertFalse(p.allowsInsecure("registry.local:5001"));
    assertTrue(p.allowsInsecure("harbor.lan:8443"));
    assertFalse(p.allowsInsecure("docker.io"));
  }
}
