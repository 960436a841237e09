package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesync.image.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each source manifest pulled once per run and registry; a failed pull is not remembered. */
class SourceManifestsTest {

  private final Manifest index = Manifest.of("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
      .getBytes(StandardCharsets.UTF_8), "application/vnd.oci.image.index.v1+json");

  @Test
  void aDigestIsFetchedOncePerRegistry() {
    SourceManifests manifests = new SourceManifests();
    AtomicInteger pulls = new AtomicInteger();
    for (int i = 0; i < 3; i++) {
      assertSame(index, manifests.get("docker.io", index.digest(), () -> {
        pulls.incrementAndGet();
        return index;
      }));
    }
    assertEquals(1, pulls.get());
    manifests.get("ghcr.io", index.digest(), () -> {
      pulls.incrementAndGet();
      return index;
    });
    assertEquals(2, pulls.get(), "another registry's quota is its own");
  }

  @Test
  void aFailedFetchIsNotKept() {
    SourceManifests manifests = new SourceManifests();
    assertThrows(IllegalStateException.class, () -> manifests.get("docker.io", index.digest(), () -> {
      throw new IllegalStateException("reset");
    }));
    assertSame(index, manifests.get("docker.io", index.digest(), () -> index));
  }
}
