package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.testing.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pruning in memory: each tag goes alone (never another tag on its manifest), a tag already gone
 * counts as pruned, and the listing afterwards names a tag that vanished though it was not to be
 * pruned; a dry run deletes nothing.
 */
class PrunerTest {

  private final InMemoryRegistry registries = new InMemoryRegistry();
  private final Manifest image = Manifest.of(("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
      + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + "a".repeat(64) + "\",\"size\":2},"
      + "\"layers\":[]}").getBytes(StandardCharsets.UTF_8), "application/vnd.oci.image.manifest.v1+json");

  private Prune prune(String tag) {
    return new Prune(ImageReference.parse("src.example/org/app:" + tag), ImageReference.parse("dst.example/mirror/app:" + tag), "images.json:1");
  }

  private List<String> lines(List<JobResult> results) {
    return results.stream().flatMap(r -> r.tags().stream())
        .map(t -> t.status() + " " + t.target().tag().orElse("") + t.reason().map(r -> ": " + r).orElse("")).sorted().toList();
  }

  @Test
  void eachTagGoesAloneAndOneAlreadyGoneCounts() {
    for (String tag : List.of("old", "stable", "v1")) {
      registries.putManifest("dst.example/mirror/app", tag, image);
    }
    List<JobResult> results = Pruner.prune(List.of(prune("old"), prune("gone")), registries, false);

    assertEquals(List.of("PRUNED gone", "PRUNED old"), lines(results));
    assertEquals(List.of("stable", "v1"), registries.openForPull(ImageReference.parse("dst.example/mirror/app")).listTags(),
        "the others keep the manifest old had");
  }

  @Test
  void theListingAfterwardsNamesATagThatVanishedMeanwhile() {
    for (String tag : List.of("old", "keep")) {
      registries.putManifest("dst.example/mirror/app", tag, image);
    }
    // While pruning, something else deletes 'keep'.
    registries.beforeWrite(line -> {
      if (line.equals("DELETE-TAG dst.example/mirror/app old")) {
        registries.openForPush(ImageReference.parse("dst.example/mirror/app"), java.util.Optional.empty()).deleteTag("keep");
      }
    });
    List<JobResult> results = Pruner.prune(List.of(prune("old")), registries, false);
    List<String> said = lines(results);
    assertTrue(said.contains("PRUNED old"), said.toString());
    assertTrue(said.stream().anyMatch(l -> l.startsWith("FAILED keep: vanished while dst.example/mirror/app was pruned, though it was not to be pruned")),
        said.toString());
  }

  @Test
  void aDryRunDeletesNothing() {
    registries.putManifest("dst.example/mirror/app", "old", image);
    assertEquals(List.of("WOULD_PRUNE old"), lines(Pruner.prune(List.of(prune("old")), registries, true)));
    assertTrue(registries.manifest("dst.example/mirror/app", "old").isPresent());
    assertTrue(registries.writes().isEmpty());
  }
}
