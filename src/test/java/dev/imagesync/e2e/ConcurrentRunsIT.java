package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two syncs of the same list in the same directory at once (a cron run and a push run overlapping). */
@ExtendWith(RegistryExtension.class)
class ConcurrentRunsIT {

  @TempDir Path dir;

  @Test
  void twoRunsAtOnceWriteEachRowOnceAndNeitherFails(TestRegistry srcRegistry, TestRegistry dstRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    TestImages images = new TestImages(src);
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      images.multiArch("twice/app" + i, "v1", true, "twice-" + (i % 5), 2, 50_000, "linux/amd64", "linux/arm64");
      list.append(src.address()).append("/twice/app").append(i).append(":v1\n");
    }
    Files.writeString(dir.resolve("images.md"), list);
    String[] sync = {"sync", "images.md", "--to", dstRegistry.address() + "/mirror"};

    CompletableFuture<Cli.Run> first = CompletableFuture.supplyAsync(() -> Cli.runIn(dir, List.of(), Map.of(), sync));
    CompletableFuture<Cli.Run> second = CompletableFuture.supplyAsync(() -> Cli.runIn(dir, List.of(), Map.of(), sync));

    assertEquals(0, first.get().exitCode(), first.get().toString());
    assertEquals(0, second.get().exitCode(), second.get().toString());
    String history = Files.readString(dir.resolve("transfer_history.md"));
    for (int i = 0; i < 20; i++) {
      String target = "/mirror/app" + i + ":v1 ";
      assertEquals(1, history.lines().filter(l -> l.contains(target)).count(), target + " in " + history);
    }
    String mapping = Files.readString(dir.resolve("image_list.md"));
    assertEquals(20, mapping.lines().filter(l -> l.contains("/mirror/app")).count(), mapping);
  }
}
