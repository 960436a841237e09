package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.config.SyncJob;
import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.testing.InMemoryRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The copy order and the in-flight dedupe, in memory: blobs before the manifest that needs them,
 * children before their index, tags last; a blob two jobs need at once is uploaded once; a failed
 * blob leaves no tag.
 */
class CopyOrderTest {

  private static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final InMemoryRegistry registries = new InMemoryRegistry();
  private final ImageReference sourceRepo = ImageReference.repository("src.example", "org/app");

  /** An image of {@code layers} (the bytes given) pushed to the source; returns its manifest. */
  private Manifest image(String arch, byte[]... layers) {
    byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}").getBytes(StandardCharsets.UTF_8);
    registries.putBlob(sourceRepo.repositoryName(), config);
    StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
        + descriptor("application/vnd.oci.image.config.v1+json", config) + ",\"layers\":[");
    for (int i = 0; i < layers.length; i++) {
      registries.putBlob(sourceRepo.repositoryName(), layers[i]);
      json.append(i == 0 ? "" : ",").append(descriptor("application/vnd.oci.image.layer.v1.tar", layers[i]));
    }
    Manifest m = Manifest.of(json.append("]}").toString().getBytes(StandardCharsets.UTF_8), OCI_MANIFEST);
    registries.putManifest(sourceRepo.repositoryName(), m.digest().toString(), m);
    return m;
  }

  private Manifest index(String tag, Manifest... children) {
    StringBuilder json = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[");
    for (int i = 0; i < children.length; i++) {
      json.append(i == 0 ? "" : ",").append("{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + children[i].digest()
          + "\",\"size\":" + children[i].size() + ",\"platform\":{\"architecture\":\"a" + i + "\",\"os\":\"linux\"}}");
    }
    Manifest m = Manifest.of(json.append("]}").toString().getBytes(StandardCharsets.UTF_8), OCI_INDEX);
    registries.putManifest(sourceRepo.repositoryName(), tag, m);
    return m;
  }

  private static String descriptor(String mediaType, byte[] bytes) {
    return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.sha256(bytes) + "\",\"size\":" + bytes.length + "}";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private SyncJob job(String tag, String destinationRepository, String... tags) {
    return new SyncJob(sourceRepo.withTag(tag), ImageReference.repository("dst.example", destinationRepository), List.of(tags), List.of(), "test");
  }

  @Test
  void blobsThenChildrenThenTheIndexThenEachTag() {
    Manifest amd = image("amd64", bytes("layer-a"), bytes("layer-shared"));
    Manifest arm = image("arm64", bytes("layer-b"), bytes("layer-shared"));
    Manifest top = index("1.0", amd, arm);
    // At every write, what it needs must already be there (InMemoryRegistry refuses otherwise).
    JobResult result = ImageCopier.copy(job("1.0", "mirror/app", "1.0", "latest"), registries, new CopyStats(), new ContentLedger(), false, TagCommits.NONE);

    assertEquals(List.of(TagResult.Status.COPIED, TagResult.Status.COPIED), result.tags().stream().map(TagResult::status).toList());
    List<String> writes = registries.writes();
    String dst = "dst.example/mirror/app";
    int lastBlob = lastIndexStartingWith(writes, "PUT-BLOB ");
    int amdAt = writes.indexOf("PUT-MANIFEST " + dst + " " + amd.digest());
    int armAt = writes.indexOf("PUT-MANIFEST " + dst + " " + arm.digest());
    int firstTag = writes.indexOf("PUT-MANIFEST " + dst + " 1.0");
    int secondTag = writes.indexOf("PUT-MANIFEST " + dst + " latest");
    assertTrue(amdAt > 0 && armAt > 0 && firstTag > 0 && secondTag > 0, writes.toString());
    assertTrue(writes.indexOf("PUT-BLOB " + dst + " " + Digest.sha256(bytes("layer-a"))) < amdAt, "layer before its manifest: " + writes);
    assertTrue(writes.indexOf("PUT-BLOB " + dst + " " + Digest.sha256(bytes("layer-b"))) < armAt, "layer before its manifest: " + writes);
    assertTrue(lastBlob < firstTag && amdAt < firstTag && armAt < firstTag && firstTag < secondTag, "children, then the index, then tags: " + writes);
    assertEquals(1, writes.stream().filter(w -> w.equals("PUT-BLOB " + dst + " " + Digest.sha256(bytes("layer-shared")))).count(),
        "a layer two children share goes once: " + writes);
    assertEquals(top.digest(), registries.manifest(dst, "latest").orElseThrow().digest());
  }

  @Test
  void inParallelTheOrderHoldsEveryTime() {
    Manifest amd = image("amd64", bytes("p-layer-a"), bytes("p-layer-shared"), bytes("p-layer-c"));
    Manifest arm = image("arm64", bytes("p-layer-b"), bytes("p-layer-shared"), bytes("p-layer-d"));
    index("2.0", amd, arm);
    try (Transfers transfers = Transfers.parallel(4)) {
      for (int round = 0; round < 20; round++) {
        // A fresh destination repository each round; InMemoryRegistry refuses any write whose
        // references are not all there yet, so an order slip fails the job.
        String repo = "mirror/p" + round;
        JobResult result = ImageCopier.copy(job("2.0", repo, "2.0"), registries, new CopyStats(), new ContentLedger(), false, TagCommits.NONE, transfers);
        assertEquals(List.of(TagResult.Status.COPIED), result.tags().stream().map(TagResult::status).toList(), result.toString());
        String dst = "dst.example/" + repo;
        List<String> writes = registries.writes().stream().filter(w -> w.contains(" " + dst + " ")).toList();
        assertEquals(1, writes.stream().filter(w -> w.equals("PUT-BLOB " + dst + " " + Digest.sha256(bytes("p-layer-shared")))).count(), writes.toString());
        assertTrue(writes.indexOf("PUT-MANIFEST " + dst + " 2.0") == writes.size() - 1, "the tag last: " + writes);
      }
    }
  }

  @Test
  void twoJobsNeedingTheSameBlobAtOnceUploadItOnce() throws Exception {
    Manifest v1 = image("amd64", bytes("big-shared-layer"), bytes("only-v1"));
    registries.putManifest(sourceRepo.repositoryName(), "v1", v1);
    Manifest v2 = image("amd64", bytes("big-shared-layer"), bytes("only-v2"));
    registries.putManifest(sourceRepo.repositoryName(), "v2", v2);
    String shared = "PUT-BLOB dst.example/mirror/app " + Digest.sha256(bytes("big-shared-layer"));
    CountDownLatch firstUploadStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger sharedUploads = new AtomicInteger();
    registries.beforeWrite(w -> {
      if (w.equals(shared) && sharedUploads.incrementAndGet() == 1) {
        firstUploadStarted.countDown();
        await(release); // hold the first upload while the other job arrives
      }
    });
    ContentLedger ledger = new ContentLedger();
    CopyStats stats = new CopyStats();
    List<JobResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread first = new Thread(() -> results.add(ImageCopier.copy(job("v1", "mirror/app", "v1"), registries, stats, ledger, false, TagCommits.NONE)));
    first.start();
    assertTrue(firstUploadStarted.await(10, TimeUnit.SECONDS));
    Thread second = new Thread(() -> results.add(ImageCopier.copy(job("v2", "mirror/app", "v2"), registries, stats, ledger, false, TagCommits.NONE)));
    second.start();
    Thread.sleep(200); // the second job reaches the shared blob and waits on the first one's upload
    release.countDown();
    first.join(10_000);
    second.join(10_000);

    assertEquals(1, sharedUploads.get(), "uploaded once: " + registries.writes());
    assertEquals(2, results.stream().filter(r -> r.status() == TagResult.Status.COPIED).count(), results.toString());
    assertTrue(registries.manifest("dst.example/mirror/app", "v2").isPresent());
  }

  /** Bytes past the size up to which a blob is sent again rather than waited for. */
  private static byte[] large(String seed) {
    byte[] b = new byte[(int) ImageCopier.SMALL_BLOB + 1000];
    new java.util.Random(seed.hashCode()).nextBytes(b);
    return b;
  }

  /**
   * Runs a job into {@code mirror/a} until its upload of {@code blob} is under way and held there
   * (by {@code hold}), then a job into {@code mirror/b} that needs the same blob, then lets {@code
   * hold} decide the held upload; returns both jobs' results, the first job's first.
   */
  private List<JobResult> twoRepositoriesAtOnce(byte[] blob, java.util.function.Consumer<CountDownLatch> hold) throws Exception {
    Manifest a = image("amd64", blob, bytes("only-in-a"));
    registries.putManifest(sourceRepo.repositoryName(), "a", a);
    Manifest b = image("amd64", blob, bytes("only-in-b"));
    registries.putManifest(sourceRepo.repositoryName(), "b", b);
    String firstUpload = "PUT-BLOB dst.example/mirror/a " + Digest.sha256(blob);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    registries.beforeWrite(w -> {
      if (w.equals(firstUpload)) {
        started.countDown();
        await(release);
        hold.accept(release);
      }
    });
    ContentLedger ledger = new ContentLedger();
    CopyStats stats = new CopyStats();
    JobResult[] results = new JobResult[2];
    Thread first = new Thread(() -> results[0] = ImageCopier.copy(job("a", "mirror/a", "a"), registries, stats, ledger, false, TagCommits.NONE));
    first.start();
    assertTrue(started.await(10, TimeUnit.SECONDS));
    Thread second = new Thread(() -> results[1] = ImageCopier.copy(job("b", "mirror/b", "b"), registries, stats, ledger, false, TagCommits.NONE));
    second.start();
    Thread.sleep(200); // the second job reaches the shared blob and waits on the upload in flight
    assertTrue(registries.writes().stream().noneMatch(w -> w.contains("dst.example/mirror/b " + Digest.sha256(blob))),
        "the second job waits: " + registries.writes());
    release.countDown();
    first.join(10_000);
    second.join(10_000);
    return List.of(results);
  }

  @Test
  void aLargeBlobTwoRepositoriesNeedAtOnceIsUploadedOnceAndMountedIntoTheOther() throws Exception {
    byte[] base = large("shared-base");
    List<JobResult> results = twoRepositoriesAtOnce(base, release -> {});

    assertEquals(List.of(TagResult.Status.COPIED, TagResult.Status.COPIED), results.stream().map(JobResult::status).toList(), results.toString());
    List<String> writes = registries.writes();
    assertEquals(1, writes.stream().filter(w -> w.startsWith("PUT-BLOB ") && w.endsWith(" " + Digest.sha256(base))).count(), writes.toString());
    assertTrue(writes.contains("MOUNT dst.example/mirror/b " + Digest.sha256(base)), writes.toString());
    assertTrue(writes.indexOf("MOUNT dst.example/mirror/b " + Digest.sha256(base)) < writes.indexOf("PUT-MANIFEST dst.example/mirror/b b"),
        "mounted before the manifest that needs it: " + writes);
  }

  @Test
  void anUploadThatFailsIsNotWaitedOnTheWaiterUploadsItself() throws Exception {
    byte[] base = large("failing-base");
    List<JobResult> results = twoRepositoriesAtOnce(base, release -> {
      throw new RegistryException(RegistryException.Kind.DENIED, "access to dst.example/mirror/a denied (HTTP 403)");
    });

    assertEquals(List.of(TagResult.Status.FAILED, TagResult.Status.COPIED), results.stream().map(JobResult::status).toList(), results.toString());
    assertTrue(registries.writes().contains("PUT-BLOB dst.example/mirror/b " + Digest.sha256(base)), registries.writes().toString());
    assertTrue(registries.manifest("dst.example/mirror/b", "b").isPresent());
  }

  @Test
  void aBlobThatFailsLeavesNoTagAndTheJobSaysWhy() {
    Manifest image = image("amd64", bytes("will-fail"));
    registries.putManifest(sourceRepo.repositoryName(), "2.0", image);
    registries.beforeWrite(w -> {
      if (w.startsWith("PUT-BLOB") && w.endsWith(Digest.sha256(bytes("will-fail")).toString())) {
        throw new RegistryException(RegistryException.Kind.DENIED, "access to dst.example/mirror/app denied (HTTP 403)");
      }
    });
    JobResult result = ImageCopier.copy(job("2.0", "mirror/app", "2.0", "latest"), registries, new CopyStats(), new ContentLedger(), false, TagCommits.NONE);

    assertEquals(List.of(TagResult.Status.FAILED, TagResult.Status.FAILED), result.tags().stream().map(TagResult::status).toList());
    assertTrue(result.tags().get(0).reason().orElseThrow().contains("denied"), result.toString());
    assertTrue(registries.writes().stream().noneMatch(w -> w.startsWith("PUT-MANIFEST")), "no manifest, no tag: " + registries.writes());
  }

  private static int lastIndexStartingWith(List<String> list, String prefix) {
    int at = -1;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).startsWith(prefix)) {
        at = i;
      }
    }
    return at;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
