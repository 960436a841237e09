package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.StubHttpServer;
import dev.imagesync.testing.StubHttpServer.Reply;
import dev.imagesync.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that serves a Docker schema 1 manifest is refused by name. No registry that runs here
 * stores an unsigned schema 1 manifest, so a stub plays the source; the destination is a real
 * registry, whose log proves nothing was sent to it.
 */
@ExtendWith(RegistryExtension.class)
class Schema1IT {

  private static final byte[] SCHEMA1 = ("{\n   \"schemaVersion\": 1,\n   \"name\": \"old/app\",\n   \"tag\": \"v1\",\n"
      + "   \"architecture\": \"amd64\",\n   \"fsLayers\": [],\n   \"history\": [],\n   \"signatures\": []\n}").getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  @Test
  void schema1IsRefusedWithAClearMessage(TestRegistry dstRegistry) throws Exception {
    String digest = RawRegistry.sha256(SCHEMA1);
    try (StubHttpServer source = new StubHttpServer((method, path) -> {
      if (path.equals("/v2/old/app/manifests/v1") || path.equals("/v2/old/app/manifests/" + digest)) {
        return new Reply(200, Map.of("Content-Type", "application/vnd.docker.distribution.manifest.v1+prettyjws",
            "Docker-Content-Digest", digest), SCHEMA1);
      }
      return Reply.of(path.equals("/v2/") ? 200 : 404);
    })) {
      Path list = tmp.resolve("images.json");
      Files.writeString(list, "[{\"source\": \"" + source.address() + "/old/app:v1\"}]");
      int before = dstRegistry.requests().size();

      Cli.Run run = Cli.run("sync", list.toString(), "--to", dstRegistry.address() + "/ns");

      assertEquals(1, run.exitCode(), run.toString());
      List<String> failed = run.linesStartingWith("failed");
      assertEquals(1, failed.size(), run.toString());
      assertTrue(failed.get(0).contains("is a Docker schema 1 manifest (application/vnd.docker.distribution.manifest.v1+prettyjws)"), failed.get(0));
      List<TestRegistry.LoggedRequest> sent = dstRegistry.requests().subList(before, dstRegistry.requests().size());
      // Only looked at (the version check, the tag's HEAD asked while the source's was): nothing written.
      assertTrue(sent.stream().allMatch(r -> r.method().equals("HEAD") || (r.method().equals("GET") && r.path().equals("/v2/"))),
          "nothing written to the destination: " + sent);
    }
  }
}
