package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.config.SyncJob;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.MediaTypes;
import dev.imagesync.testing.InMemoryRegistry;
import dev.imagesync.testing.TestImages;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditTest {

  private final InMemoryRegistry registries = new InMemoryRegistry();
  private final ImageReference source = ImageReference.parse("src.example/lib/app:1");
  private final ImageReference mirror = ImageReference.parse("dst.example/mirror/app");

  private Manifest put(String repository, TestImages.InMemory image, boolean withLayer) {
    registries.putBlob(repository, image.config());
    if (withLayer) {
      registries.putBlob(repository, image.layer());
    }
    Manifest m = Manifest.of(image.manifest(), MediaTypes.OCI_MANIFEST);
    registries.putManifest(repository, m.digest().toString(), m);
    return m;
  }

  @Test
  void aWholeMirrorHasNoProblemAndALostLayerIsAGap() {
    TestImages.InMemory image = TestImages.inMemory("audit", 3000);
    Manifest m = put(source.repositoryName(), image, true);
    registries.putManifest(source.repositoryName(), "1", m);
    put(mirror.repositoryName(), image, true);
    registries.putManifest(mirror.repositoryName(), "1", m);
    SyncJob job = new SyncJob(source, mirror, List.of("1"), List.of(), "test");

    assertEquals(List.of(), new Audit(registries, false).audit(job));

    ImageReference lossy = ImageReference.parse("dst.example/mirror/lossy");
    put(lossy.repositoryName(), image, false);
    registries.putManifest(lossy.repositoryName(), "1", m);
    List<Audit.Problem> problems = new Audit(registries, false).audit(new SyncJob(source, lossy, List.of("1"), List.of(), "test"));
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("gap", problems.get(0).kind());
    assertTrue(problems.get(0).detail().startsWith("layer " + image.layerDigest() + " (3000 bytes) of " + m.digest()), problems.toString());
  }

  @Test
  void aMissingAndAStaleTagAreSaidAsSuch() {
    TestImages.InMemory now = TestImages.inMemory("now", 100);
    TestImages.InMemory before = TestImages.inMemory("before", 100);
    Manifest current = put(source.repositoryName(), now, true);
    registries.putManifest(source.repositoryName(), "1", current);
    Manifest old = put(mirror.repositoryName(), before, true);
    registries.putManifest(mirror.repositoryName(), "1", old);

    List<Audit.Problem> problems = new Audit(registries, false).audit(new SyncJob(source, mirror, List.of("1", "latest"), List.of(), "test"));
    assertEquals(List.of("stale", "missing"), problems.stream().map(Audit.Problem::kind).toList(), problems.toString());
    assertEquals("holds " + old.digest() + ", the source " + current.digest(), problems.get(0).detail());
    assertEquals("not there (the source has " + current.digest() + ")", problems.get(1).detail());
  }
}
