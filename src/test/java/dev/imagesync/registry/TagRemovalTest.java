package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.imagesync.testing.FakeTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One tag deleted alone: by name where the registry can; else through a placeholder of its own
 * (config written once per repository, then per tag a PUT of the placeholder and a DELETE of its
 * digest), never the tag's manifest by digest; and a 404 to the first by-name DELETE is checked,
 * not taken for "gone".
 */
class TagRemovalTest {

  private static final String DIGEST = "sha256:" + "b".repeat(64);

  private static TagRemoval removal(FakeTransport registry) {
    RepositoryEndpoint at = new RepositoryEndpoint("r.test", "r.test", "ns/app", Access.PUSH, scope -> registry, new TransferMeter(), new OpenUploads());
    BlobCalls blobs = new BlobCalls(at, new Retrying.Policy(0, Duration.ZERO));
    return new TagRemoval(new ManifestCalls(at), blobs, new BlobUpload(at, blobs, Optional.empty(), new AtomicLong(-1)));
  }

  private static List<String> calls(FakeTransport registry) {
    return registry.received.stream().map(r -> r.method() + " " + r.uri().getPath().replace("/v2/ns/app", "")
        .replaceAll("sha256:[0-9a-f]{64}", "DIGEST")).toList();
  }

  @Test
  void aRegistryThatDeletesTagsDeletesTheTagAndNothingElse() {
    FakeTransport registry = new FakeTransport(r -> FakeTransport.response(r, r.method().equals("HEAD") ? 404 : 202));
    assertEquals(RepositoryClient.TagDeletion.DELETED, removal(registry).delete("old"));
    assertEquals(List.of("DELETE /manifests/old", "HEAD /manifests/old"), calls(registry));
  }

  @Test
  void aRegistryThatDeletesOnlyManifestsGetsAPlaceholderPerTagAndTheConfigOnce() {
    FakeTransport registry = new FakeTransport(r -> {
      String path = r.uri().getPath();
      return switch (r.method()) {
        case "DELETE" -> path.endsWith("/old") || path.endsWith("/older")
            ? FakeTransport.withBody(r, 400, "{\"errors\":[{\"code\":\"DIGEST_INVALID\"}]}") : FakeTransport.response(r, 202);
        case "HEAD" -> FakeTransport.response(r, 404);
        case "POST" -> FakeTransport.response(r, 202, "Location", "/v2/ns/app/blobs/uploads/u1");
        case "PUT" -> FakeTransport.response(r, 201);
        default -> FakeTransport.response(r, 500);
      };
    });
    TagRemoval removal = removal(registry);
    assertEquals(RepositoryClient.TagDeletion.UNTAGGED, removal.delete("old"));
    assertEquals(RepositoryClient.TagDeletion.UNTAGGED, removal.delete("older"));
    assertEquals(List.of("DELETE /manifests/old", "HEAD /blobs/DIGEST", "POST /blobs/uploads/", "PUT /blobs/uploads/u1",
        "PUT /manifests/old", "DELETE /manifests/DIGEST", "PUT /manifests/older", "DELETE /manifests/DIGEST"), calls(registry),
        "asked by name once; the config once; never the tags' own manifests");
    assertNotEquals(TagRemoval.placeholder("old").digest(), TagRemoval.placeholder("old").digest(), "no two placeholders alike, even for one tag");
  }

  @Test
  void a404ToTheFirstByNameDeleteWhileTheTagStaysIsNoDeletion() {
    FakeTransport registry = new FakeTransport(r -> switch (r.method()) {
      case "DELETE" -> FakeTransport.response(r, r.uri().getPath().endsWith("/old") ? 404 : 202);
      case "HEAD" -> r.uri().getPath().contains("/manifests/") ? FakeTransport.response(r, 200, "Docker-Content-Digest", DIGEST,
          "Content-Type", "application/vnd.oci.image.manifest.v1+json", "Content-Length", "10") : FakeTransport.response(r, 200);
      case "PUT" -> FakeTransport.response(r, 201);
      default -> FakeTransport.response(r, 500);
    });
    assertEquals(RepositoryClient.TagDeletion.UNTAGGED, removal(registry).delete("old"));
    assertEquals(List.of("DELETE /manifests/old", "HEAD /manifests/old", "HEAD /blobs/DIGEST", "PUT /manifests/old", "DELETE /manifests/DIGEST"),
        calls(registry));
  }

  @Test
  void tagsDeletedAtOnceOnARegistryThatDeletesByNameNeedNoPlaceholder() throws Exception {
    java.util.Set<String> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();
    FakeTransport registry = new FakeTransport(r -> {
      String tag = r.uri().getPath().substring(r.uri().getPath().lastIndexOf('/') + 1);
      if (r.method().equals("DELETE")) {
        try {
          Thread.sleep(20); // slow enough that the others wait for the first answer
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        gone.add(tag);
        return FakeTransport.response(r, 202);
      }
      return FakeTransport.response(r, r.method().equals("HEAD") && gone.contains(tag) ? 404 : 500);
    });
    TagRemoval removal = removal(registry);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<RepositoryClient.TagDeletion>> done = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String tag = "t" + i;
      done.add(pool.submit(() -> removal.delete(tag)));
    }
    for (java.util.concurrent.Future<RepositoryClient.TagDeletion> f : done) {
      assertEquals(RepositoryClient.TagDeletion.DELETED, f.get());
    }
    pool.shutdown();
    assertEquals(0, registry.received.stream().filter(r -> r.method().equals("PUT")).count(), calls(registry).toString());
  }
}
