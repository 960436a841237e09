package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import dev.imagesync.testing.InMemoryRegistry;
import dev.imagesync.testing.TestImages;
import java.io.InputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MirroredSourceTest {

  private final InMemoryRegistry registries = new InMemoryRegistry();
  private final ImageReference origin = ImageReference.parse("origin.example/lib/app");
  private final ImageReference mirror = ImageReference.parse("mirror.example/hub/lib/app");

  private Manifest put(ImageReference repo, String tag, TestImages.InMemory image, boolean blobs) {
    if (blobs) {
      registries.putBlob(repo.repositoryName(), image.config());
      registries.putBlob(repo.repositoryName(), image.layer());
    }
    Manifest m = Manifest.of(image.manifest(), MediaTypes.OCI_MANIFEST);
    registries.putManifest(repo.repositoryName(), tag, m);
    return m;
  }

  private MirroredSource source(boolean trusted) {
    return new MirroredSource(registries.openForPull(origin), registries.openForPull(mirror), "mirror.example", trusted);
  }

  @Test
  void aTagMeansWhatTheOriginSaysAndTheBytesComeFromTheMirrorByDigest() throws Exception {
    TestImages.InMemory truth = TestImages.inMemory("truth", 100);
    TestImages.InMemory stale = TestImages.inMemory("stale", 100);
    Manifest atOrigin = put(origin, "1", truth, true);
    put(mirror, "1", stale, true); // the mirror's tag lies
    put(mirror, atOrigin.digest().toString(), truth, false); // and it caches the true manifest, without its layer

    assertEquals(atOrigin.digest(), source(false).headManifest("1").orElseThrow().digest());
    assertEquals(atOrigin.digest(), source(false).getManifest("1").orElseThrow().digest());
    assertEquals(Manifest.of(stale.manifest(), MediaTypes.OCI_MANIFEST).digest(), source(true).getManifest("1").orElseThrow().digest(),
        "trusted, the mirror's tag stands");
    try (InputStream layer = source(false).blob(atOrigin.layers().get(0).digest()).open()) {
      assertArrayEquals(truth.layer(), layer.readAllBytes(), "a blob the mirror lacks comes from the origin");
    }
  }

  @Test
  void aManifestWhoseBytesDoNotMatchItsDigestIsReadFromTheOrigin() {
    TestImages.InMemory truth = TestImages.inMemory("truth2", 100);
    Manifest real = put(origin, "1", truth, true);
    registries.putManifest(mirror.repositoryName(), real.digest().toString(), Manifest.of(TestImages.inMemory("forged", 100).manifest(),
        MediaTypes.OCI_MANIFEST));
    assertEquals(Optional.of(real.digest()), source(false).getManifest(real.digest().toString()).map(Manifest::digest));
  }
}
