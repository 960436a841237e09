package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ls, inspect and tag against a real registry: what skopeo list-tags, skopeo inspect and crane tag would say. */
@ExtendWith(RegistryExtension.class)
class EverydayCommandsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void lsListsEveryPageWithDigestsOnAsk(TestRegistry registry) throws Exception {
    RawRegistry raw = new RawRegistry(registry);
    Pushed image = new TestImages(raw).single("team/app", "seed", "linux/amd64", "ls", true);
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 130; i++) { // more than one page of 100
      raw.pushManifest("team/app", "v" + i, image.mediaType(), image.bytes());
      tags.add("v" + i);
    }
    tags.add("seed");

    Cli.Run ls = Cli.run("ls", registry.address() + "/team/app");
    assertEquals(0, ls.exitCode(), ls.toString());
    assertEquals(tags.stream().sorted().toList(), ls.lines().stream().sorted().toList());

    Cli.Run digests = Cli.run("ls", registry.address() + "/team/app", "--digests", "-o", "json");
    assertEquals(0, digests.exitCode(), digests.toString());
    JsonNode doc = JSON.readTree(digests.stdout());
    assertEquals(registry.address() + "/team/app", doc.path("repository").asText());
    assertEquals(131, doc.path("tags").size());
    doc.path("tags").forEach(t -> assertEquals(image.digest(), t.path("digest").asText(), t.toString()));

    Cli.Run missing = Cli.run("ls", registry.address() + "/team/nope", "--retries", "0");
    assertEquals(1, missing.exitCode(), missing.toString());
    assertTrue(missing.stderr().contains("repository " + registry.address() + "/team/nope not found"), missing.stderr());
  }

  @Test
  void inspectShowsDigestPlatformsAndTheRawBytes(TestRegistry registry) throws Exception {
    RawRegistry raw = new RawRegistry(registry);
    Pushed index = new TestImages(raw).multiArch("team/multi", "1", true, "inspect", 2, 3000, "linux/amd64", "linux/arm64");
    JsonNode children = JSON.readTree(index.bytes()).path("manifests");
    String arm = null;
    for (JsonNode c : children) {
      if (c.path("platform").path("architecture").asText().equals("arm64")) {
        arm = c.path("digest").asText();
      }
    }

    Cli.Run text = Cli.run("inspect", registry.address() + "/team/multi:1");
    assertEquals(0, text.exitCode(), text.toString());
    assertTrue(text.stdout().contains("Digest:      " + index.digest()), text.stdout());
    assertTrue(text.stdout().contains("linux/arm64") && text.stdout().contains(arm), text.stdout());

    Cli.Run rawRun = Cli.run("inspect", registry.address() + "/team/multi:1", "--raw");
    assertEquals(0, rawRun.exitCode(), rawRun.toString());
    assertArrayEquals(index.bytes(), rawRun.stdout().getBytes(StandardCharsets.UTF_8), "the manifest exactly as served");

    Cli.Run json = Cli.run("inspect", registry.address() + "/team/multi:1", "-o", "json");
    JsonNode doc = JSON.readTree(json.stdout());
    assertEquals(index.digest(), doc.path("digest").asText());
    assertEquals(2, doc.path("platforms").size());
    assertEquals(0, doc.path("referrers").asInt(), json.stdout());

    Cli.Run one = Cli.run("inspect", registry.address() + "/team/multi:1", "--platform", "linux/arm64", "-o", "json");
    assertEquals(0, one.exitCode(), one.toString());
    JsonNode image = JSON.readTree(one.stdout());
    assertEquals(arm, image.path("digest").asText());
    assertEquals("linux/arm64", image.path("platform").asText());
    assertEquals(2, image.path("layers").size());

    Cli.Run config = Cli.run("inspect", registry.address() + "/team/multi:1", "--platform", "linux/arm64", "--config");
    assertEquals(0, config.exitCode(), config.toString());
    assertEquals(image.path("config").path("digest").asText(), RawRegistry.sha256(config.stdout().getBytes(StandardCharsets.UTF_8)));

    Cli.Run nope = Cli.run("inspect", registry.address() + "/team/multi:2", "--retries", "0");
    assertEquals(1, nope.exitCode(), nope.toString());
    assertTrue(nope.stderr().contains(registry.address() + "/team/multi:2: no such image"), nope.stderr());
    assertEquals(2, Cli.run("inspect", registry.address() + "/team/multi:1", "--platform", "linux/").exitCode());
  }

  @Test
  void tagAddsTagsOnTheSameManifestWithoutCopyingBlobs(TestRegistry registry) throws Exception {
    RawRegistry raw = new RawRegistry(registry);
    Pushed index = new TestImages(raw).multiArch("team/app", "1.4.2", true, "tag", 2, 3000, "linux/amd64", "linux/arm64");
    int before = registry.requests().size();

    Cli.Run run = Cli.run("tag", registry.address() + "/team/app:1.4.2", "1.4", "1", "latest");
    assertEquals(0, run.exitCode(), run.toString());
    for (String tag : List.of("1.4", "1", "latest")) {
      assertArrayEquals(index.bytes(), raw.getManifest("team/app", tag).orElseThrow().bytes(), tag);
    }
    assertTrue(registry.requests().subList(before, registry.requests().size()).stream().noneMatch(r -> r.path().contains("/blobs/")),
        "no blob moved");
    assertEquals(2, Cli.run("tag", registry.address() + "/team/app:1.4.2", "bad/tag").exitCode());
  }

  @Test
  void deleteTakesOneTagAndRefusesAManifestOthersHold(TestRegistry registry) throws Exception {
    RawRegistry raw = new RawRegistry(registry);
    Pushed shared = new TestImages(raw).single("team/app", "a", "linux/amd64", "delete-shared", true);
    raw.pushManifest("team/app", "b", shared.mediaType(), shared.bytes());
    Pushed other = new TestImages(raw).single("team/app", "c", "linux/amd64", "delete-other", true);

    Cli.Run tag = Cli.run("delete", registry.address() + "/team/app:a");
    assertEquals(0, tag.exitCode(), tag.toString());
    assertTrue(tag.stdout().startsWith("deleted " + registry.address() + "/team/app:a (it held " + shared.digest()), tag.stdout());
    assertEquals(List.of("b", "c"), raw.tags("team/app").stream().sorted().toList(), "only a is gone");
    assertArrayEquals(shared.bytes(), raw.getManifest("team/app", "b").orElseThrow().bytes());

    Cli.Run held = Cli.run("delete", registry.address() + "/team/app@" + shared.digest(), "--retries", "0");
    assertEquals(1, held.exitCode(), held.toString());
    assertTrue(held.stderr().contains("is held by 1 tag (b): deleting the manifest deletes it too; delete a tag alone (IMAGE:TAG), or pass"
        + " --all-tags-of-manifest"), held.stderr());
    assertTrue(raw.getManifest("team/app", "b").isPresent(), "refused: nothing deleted");

    Cli.Run all = Cli.run("delete", registry.address() + "/team/app@" + shared.digest(), "--all-tags-of-manifest");
    assertEquals(0, all.exitCode(), all.toString());
    assertTrue(all.stdout().contains("and its tags b"), all.stdout());
    assertEquals(List.of("c"), raw.tags("team/app"));
    assertArrayEquals(other.bytes(), raw.getManifest("team/app", "c").orElseThrow().bytes());

    Cli.Run gone = Cli.run("delete", registry.address() + "/team/app:a", "--retries", "0");
    assertEquals(1, gone.exitCode(), gone.toString());
    assertTrue(gone.stderr().contains("team/app:a: no such tag"), gone.stderr());
  }
}
