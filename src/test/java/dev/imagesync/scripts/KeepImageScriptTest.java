package dev.imagesync.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/keep-image.sh, run by bash as the add-image dispatch runs it, in a repository of its own. */
class KeepImageScriptTest {

  @TempDir Path repo;

  private String keep(String... images) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", Path.of("scripts/keep-image.sh").toAbsolutePath().toString()));
    command.addAll(List.of(images));
    Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), out);
    return out.strip();
  }

  @Test
  void anAddedImageJoinsTheListOnce() throws Exception {
    assertEquals("images.md", keep("nginx:1.25"));
    assertEquals("images.md", keep("nginx:1.25", "redis:7"));
    assertEquals("nginx:1.25\nredis:7\n", Files.readString(repo.resolve("images.md")));
  }

  @Test
  void transferShsListIsKeptInItsOwnSpelling() throws Exception {
    Files.createDirectory(repo.resolve("upload"));
    Files.writeString(repo.resolve("upload/images.md"), "# 待同步镜像列表\n- `redis:alpine`\nkrytro/aiaw");
    assertEquals("upload/images.md", keep("redis:alpine", "vllm/vllm-openai:v0.11.0"));
    assertEquals("# 待同步镜像列表\n- `redis:alpine`\nkrytro/aiaw\nvllm/vllm-openai:v0.11.0\n", Files.readString(repo.resolve("upload/images.md")));
  }
}
