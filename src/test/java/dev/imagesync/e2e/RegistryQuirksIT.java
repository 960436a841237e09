package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.Skopeo;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestProxy.Canned;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Answers real registries give that distribution does not: ACR's, played by a proxy in front of a real registry. */
@ExtendWith(RegistryExtension.class)
class RegistryQuirksIT {

  private static final String DENIED = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}";
  private static final String NAME_UNKNOWN = "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}";

  @TempDir Path tmp;

  private Path list(TestRegistry source, Pushed[] pushed) throws IOException {
    return list(source, pushed, 3000);
  }

  private Path list(TestRegistry source, Pushed[] pushed, int layerSize) throws IOException {
    pushed[0] = new TestImages(new RawRegistry(source)).multiArch("org/app", "1", true, "acr", 1, layerSize, "linux/amd64", "linux/arm64");
    Path f = tmp.resolve("images.md");
    Files.writeString(f, source.address() + "/org/app:1\n");
    return f;
  }

  /** ACR answers a blob HEAD in a repository that was never pushed with DENIED: that means "not there". */
  @Test
  void deniedBlobHeadIsTreatedAsAbsent(TestRegistry source, TestRegistry destination) throws IOException {
    Pushed[] image = new Pushed[1];
    Path f = list(source, image, 100_000); // large enough to be asked for (small new blobs are not)
    try (TestProxy acr = new TestProxy(destination.address(), r ->
        r.method().equals("HEAD") && r.path().contains("/blobs/") ? Optional.of(new Canned(403, Map.of("Content-Type", "application/json"), DENIED))
            : Optional.empty())) {
      Cli.Run run = Cli.run("sync", f.toString(), "--to", acr.address() + "/ns");

      assertEquals(0, run.exitCode(), run.toString());
      assertArrayEquals(image[0].bytes(), Skopeo.inspectRaw(destination.address() + "/ns/app:1"));
      assertTrue(acr.seen().stream().anyMatch(r -> r.method().equals("HEAD") && r.path().contains("/blobs/")), "a blob HEAD was denied");
    }
  }

  @Test
  void aMissingNamespaceIsNamedAsSuch(TestRegistry source, TestRegistry destination) throws IOException {
    Pushed[] image = new Pushed[1];
    Path f = list(source, image);
    try (TestProxy acr = new TestProxy(destination.address(), r ->
        r.method().equals("POST") && r.path().contains("/blobs/uploads") ? Optional.of(new Canned(404, Map.of("Content-Type", "application/json"), NAME_UNKNOWN))
            : Optional.empty())) {
      Cli.Run run = Cli.run("sync", f.toString(), "--to", acr.address() + "/nosuchns");

      assertEquals(1, run.exitCode(), run.toString());
      String line = run.linesStartingWith("failed").get(0);
      assertTrue(line.contains(": cannot push to " + acr.address() + "/nosuchns/app: namespace nosuchns does not exist on " + acr.address()
          + " or auto-create is off ("), line);
    }
  }

  /**
   * From a source that counts pulls (Docker Hub's ratelimit-* headers on every answer), into an
   * ACR namespace that does not exist: the refusal comes from an upload session opened and
   * cancelled before the first pull, so no manifest is pulled (GET) for a push that cannot happen.
   */
  @Test
  void aDestinationThatWillRefuseIsFoundBeforeAnyPull(TestRegistry source, TestRegistry destination) throws IOException {
    Pushed[] image = new Pushed[1];
    list(source, image);
    try (TestProxy hub = new TestProxy(source.address(), r -> Optional.empty());
        TestProxy acr = new TestProxy(destination.address(), r ->
            r.method().equals("POST") && r.path().contains("/blobs/uploads") ? Optional.of(new Canned(404, Map.of("Content-Type", "application/json"), NAME_UNKNOWN))
                : Optional.empty())) {
      hub.addHeaders(Map.of("ratelimit-limit", "100;w=21600", "ratelimit-remaining", "99;w=21600"));
      Path f = tmp.resolve("hub.md");
      Files.writeString(f, hub.address() + "/org/app:1\n");
      Cli.Run run = Cli.run("sync", f.toString(), "--to", acr.address() + "/nosuchns", "--no-history");

      assertEquals(1, run.exitCode(), run.toString());
      String line = run.linesStartingWith("failed").get(0);
      assertTrue(line.contains("namespace nosuchns does not exist on " + acr.address() + " or auto-create is off ("), line);
      assertEquals(0, hub.seen().stream().filter(r -> r.method().equals("GET") && r.path().contains("/manifests/")).count(),
          "no pull spent: " + hub.seen());

      // A platform filter reads the source document to choose platforms: the destination is asked first there too.
      Path json = tmp.resolve("hub.json");
      Files.writeString(json, "[{\"source\": \"" + hub.address() + "/org/app:1\", \"target\": \"app\", \"architectures\": [\"amd64\"]}]");
      int seenBefore = hub.seen().size();
      Cli.Run filtered = Cli.run("sync", json.toString(), "--to", acr.address() + "/nosuchns2", "--no-history");
      assertEquals(1, filtered.exitCode(), filtered.toString());
      assertTrue(filtered.linesStartingWith("failed").get(0).contains("namespace nosuchns2 does not exist on " + acr.address()), filtered.toString());
      assertEquals(0, hub.seen().subList(seenBefore, hub.seen().size()).stream()
          .filter(r -> r.method().equals("GET") && r.path().contains("/manifests/")).count(), "no pull spent with a platform filter: " + hub.seen());
    }
  }

  @Test
  void aDeniedManifestPushSaysTheSame(TestRegistry source, TestRegistry destination) throws IOException {
    Pushed[] image = new Pushed[1];
    Path f = list(source, image);
    try (TestProxy acr = new TestProxy(destination.address(), r ->
        r.method().equals("PUT") && r.path().contains("/manifests/") ? Optional.of(new Canned(403, Map.of("Content-Type", "application/json"), DENIED))
            : Optional.empty())) {
      Cli.Run run = Cli.run("sync", f.toString(), "--to", acr.address() + "/team");

      assertEquals(1, run.exitCode(), run.toString());
      String line = run.linesStartingWith("failed").get(0);
      assertTrue(line.contains("namespace team does not exist on " + acr.address() + " or auto-create is off (")
          && line.contains("DENIED: requested access to the resource is denied"), line);
      assertTrue(new RawRegistry(destination).getManifest("team/app", "1").isEmpty(), "no tag written");
    }
  }

  /** Docker Hub announces the pull limit in every manifest response; the summary reports it. */
  @Test
  void pullLimitIsReportedInTheSummary(TestRegistry source, TestRegistry destination) throws IOException {
    new TestImages(new RawRegistry(source)).single("library/nginx", "1.25", "linux/amd64", "limit", true);
    try (TestProxy hub = new TestProxy(source.address(), r -> Optional.empty())) {
      hub.addHeaders(Map.of("ratelimit-limit", "100;w=21600", "ratelimit-remaining", "76;w=21600"));
      Path f = tmp.resolve("images.md");
      Files.writeString(f, hub.address() + "/library/nginx:1.25\n");

      Cli.Run run = Cli.run("sync", f.toString(), "--to", destination.address() + "/ns");

      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.stderr().contains("; " + hub.address() + " pull limit: 76 of 100 left (per 6 h)"), run.stderr());
    }
  }

  /**
   * Docker Hub counts every manifest GET against the pull limit and none of the HEADs
   * (docs.docker.com/docker-hub/usage/pulls: "a pull is a GET request to the manifest"; HEAD
   * requests are not counted), and its tags come in aliases (latest, 1, 1.27 on one digest).
   * Three aliases of a two-platform index, each its own entry, and with two more destinations:
   * the index and its two children are pulled once each, 3 GETs, not 5 or 9.
   */
  @Test
  void tagsThatShareADigestPullEachManifestOnce(TestRegistry source, TestRegistry destination) throws IOException {
    RawRegistry src = new RawRegistry(source);
    Pushed index = new TestImages(src).multiArch("library/nginx", "1.27", true, "aliases", 1, 4000, "linux/amd64", "linux/arm64");
    src.pushManifest("library/nginx", "1", index.mediaType(), index.bytes());
    src.pushManifest("library/nginx", "latest", index.mediaType(), index.bytes());
    try (TestProxy hub = new TestProxy(source.address(), r -> Optional.empty())) {
      Path f = tmp.resolve("images.json");
      Files.writeString(f, "[{\"source\": \"" + hub.address() + "/library/nginx\", \"tags\": [\"latest\", \"1\", \"1.27\"],"
          + " \"target\": \"" + destination.address() + "/a/nginx\"},\n"
          + " {\"source\": \"" + hub.address() + "/library/nginx:1\", \"target\": \"" + destination.address() + "/b/nginx\"},\n"
          + " {\"source\": \"" + hub.address() + "/library/nginx:latest\", \"target\": \"" + destination.address() + "/c/nginx\"}]");

      Cli.Run run = Cli.run("sync", f.toString(), "--no-history");

      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(5, run.linesStartingWith("copied").size(), run.toString());
      assertArrayEquals(index.bytes(), new RawRegistry(destination).getManifest("c/nginx", "latest").orElseThrow().bytes());
      assertEquals(3, hub.seen().stream().filter(r -> r.method().equals("GET") && r.path().contains("/manifests/")).count(),
          "one GET per distinct manifest: " + hub.seen());
    }
  }

  /**
   * Docker Hub's overall request limit answers a bare 429 — no Retry-After, no ratelimit headers
   * (docs.docker.com/docker-hub/usage/: "429 Too Many Requests" when the abuse rate limit is hit,
   * reported by users without either header) — for a while. Every request of the run to it waits
   * together, longer each time, and goes on when the window closes: every image copied, one
   * notice, the summary says so, and the registry was not hammered meanwhile.
   */
  @Test
  void aBare429WindowIsWaitedOutTogether(TestRegistry source, TestRegistry destination) throws IOException {
    TestImages images = new TestImages(new RawRegistry(source));
    for (String name : java.util.List.of("a", "b", "c")) {
      images.single("library/" + name, "1", "linux/amd64", "bare" + name, true);
    }
    long[] windowEnds = {0};
    java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    try (TestProxy hub = new TestProxy(source.address(), r -> {
      synchronized (windowEnds) {
        if (windowEnds[0] == 0 && r.path().contains("/manifests/")) {
          windowEnds[0] = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        }
        if (windowEnds[0] != 0 && System.nanoTime() - windowEnds[0] < 0) {
          refused.incrementAndGet();
          return Optional.of(new Canned(429, Map.of(), ""));
        }
      }
      return Optional.empty();
    })) {
      hub.addHeaders(Map.of("ratelimit-limit", "100;w=21600", "ratelimit-remaining", "100;w=21600"));
      Path f = tmp.resolve("images.md");
      Files.writeString(f, hub.address() + "/library/a:1\n" + hub.address() + "/library/b:1\n" + hub.address() + "/library/c:1\n");

      Cli.Run run = Cli.run("sync", f.toString(), "--to", destination.address() + "/ns", "--no-history", "--retry-delay", "1");

      assertEquals(0, run.exitCode(), run.toString());
      assertEquals(3, run.linesStartingWith("copied").size(), run.toString());
      assertEquals(1, run.stderr().lines().filter(l -> l.contains("answers 429 Too Many Requests without saying for how long")).count(),
          run.stderr());
      assertTrue(run.stderr().contains(" answered 429 Too Many Requests " + refused.get() + " times (requests to it paused "), run.stderr());
      assertTrue(refused.get() <= 20, "paused together, not hammered: " + refused.get() + " refused");
    }
  }

  /**
   * Amazon ECR closes the connection of an upload into a repository that does not exist without
   * answering (reported by ECR users pushing with docker and skopeo: "EOF" / "connection closed"
   * on the blob upload POST; ECR creates no repository on push). Two such POSTs in a row are its
   * answer: the image fails at once saying the repository may not exist, instead of retrying for
   * half a minute; the other images go on.
   */
  @Test
  void anUploadClosedUnansweredTwiceSaysTheRepositoryMayNotExist(TestRegistry source, TestRegistry destination) throws IOException {
    TestImages images = new TestImages(new RawRegistry(source));
    images.single("team/missing", "1", "linux/amd64", "ecr-missing", true);
    images.single("team/present", "1", "linux/amd64", "ecr-present", true);
    try (TestProxy ecr = new TestProxy(destination.address(), seen -> seen.method().equals("POST") && seen.path().startsWith("/v2/ns/missing/blobs/uploads")
        ? Optional.of(dev.imagesync.testing.StubHttpServer.Reply.closeUnanswered()) : Optional.empty(), (seen, reply) -> reply)) {
      Path f = tmp.resolve("images.md");
      Files.writeString(f, source.address() + "/team/missing:1\n" + source.address() + "/team/present:1\n");
      long start = System.nanoTime();

      Cli.Run run = Cli.run("sync", f.toString(), "--to", ecr.address() + "/ns", "--no-history", "--retries", "6");

      assertEquals(1, run.exitCode(), run.toString());
      assertTrue(java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15, "no half minute of retries");
      String failed = run.linesStartingWith("failed").get(0);
      assertTrue(failed.contains("closed the connection without answering each upload into it (")
          && failed.contains(" in a row): the repository may not exist"), failed);
      long posts = ecr.seen().stream().filter(r -> r.method().equals("POST") && r.path().startsWith("/v2/ns/missing/")).count();
      assertTrue(posts <= 4, posts + " uploads tried (two blobs at once, each at most twice)");
      assertEquals(1, run.linesStartingWith("copied").size(), run.toString());
    }
  }

  /** At the limit (429), the run stops pulling from that registry instead of hammering it. */
  @Test
  void pullLimitReachedStopsPullingFromThatRegistry(TestRegistry source, TestRegistry destination) throws IOException {
    TestImages images = new TestImages(new RawRegistry(source));
    images.single("library/a", "1", "linux/amd64", "a", true);
    images.single("library/b", "1", "linux/amd64", "b", true);
    images.single("library/c", "1", "linux/amd64", "c", true);
    String tooMany = "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"You have reached your pull rate limit.\"}]}";
    try (TestProxy hub = new TestProxy(source.address(), r -> r.path().contains("/manifests/")
        ? Optional.of(new Canned(429, Map.of("Content-Type", "application/json", "Retry-After", "3600"), tooMany)) : Optional.empty())) {
      Path f = tmp.resolve("images.md");
      Files.writeString(f, hub.address() + "/library/a:1\n" + hub.address() + "/library/b:1\n" + hub.address() + "/library/c:1\n");

      Cli.Run run = Cli.run("sync", f.toString(), "--to", destination.address() + "/ns", "--jobs", "1", "--checks", "1");

      assertEquals(1, run.exitCode(), run.toString());
      assertEquals(3, run.linesStartingWith("failed").size(), run.toString());
      String reason = "pull limit of " + hub.address() + " reached (HTTP 429 Too Many Requests);"
          + " it resets in 1 h; nothing more is pulled from " + hub.address() + " in this run";
      assertTrue(run.linesStartingWith("failed").stream().allMatch(l -> l.endsWith(reason)), run.stdout());
      assertEquals(1, hub.seen().stream().filter(r -> r.path().contains("/manifests/")).count(), "asked once, not three times: " + hub.seen());
    }
  }
}
