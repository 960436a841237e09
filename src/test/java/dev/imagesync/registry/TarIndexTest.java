package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarIndexTest {

  @TempDir Path tmp;

  @Test
  void whatTarWriterWritesTarIndexAndGnuTarRead() throws Exception {
    Path file = tmp.resolve("a.tar");
    byte[] big = new byte[70_000];
    new java.util.Random(1).nextBytes(big);
    try (OutputStream out = Files.newOutputStream(file); TarWriter tar = new TarWriter(out)) {
      tar.file("blobs/sha256/" + "a".repeat(64), big.length, new java.io.ByteArrayInputStream(big));
      tar.file("manifest.json", "[]".getBytes(StandardCharsets.UTF_8));
    }
    TarIndex index = TarIndex.read(file);
    try (InputStream in = index.open(index.find("blobs/sha256/" + "a".repeat(64)).orElseThrow())) {
      assertArrayEquals(big, in.readAllBytes());
    }
    assertEquals("[]", new String(index.readAll(index.find("./manifest.json").orElseThrow(), 100), StandardCharsets.UTF_8));
    Process list = new ProcessBuilder("tar", "-tvf", file.toString()).redirectErrorStream(true).start();
    String listed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(list.waitFor(30, TimeUnit.SECONDS) && list.exitValue() == 0, listed);
    assertTrue(listed.contains("70000") && listed.contains("manifest.json"), listed);
  }

  @Test
  void longNamesAndLinksAsGnuTarWritesThem() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("d/" + "x".repeat(60) + "/" + "y".repeat(60)));
    Files.writeString(dir.resolve("layer.tar"), "content");
    Files.createSymbolicLink(tmp.resolve("d/link.tar"), Path.of("x".repeat(60) + "/" + "y".repeat(60) + "/layer.tar"));
    Path file = tmp.resolve("gnu.tar");
    Process p = new ProcessBuilder("tar", "-cf", file.toString(), "-C", tmp.resolve("d").toString(), ".").redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0);
    TarIndex index = TarIndex.read(file);
    assertEquals("content", new String(index.readAll(index.find("link.tar").orElseThrow(), 100), StandardCharsets.UTF_8), "a link followed");
    assertEquals(7, index.find("x".repeat(60) + "/" + "y".repeat(60) + "/layer.tar").orElseThrow().size(), "a name past 100 bytes");
  }

  @Test
  void aFileThatIsNoTarSaysSo() throws IOException {
    Path file = tmp.resolve("no.tar");
    Files.write(file, new byte[1024 + 7]);
    Files.write(file, "definitely not a tar header".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.WRITE);
    IOException e = assertThrows(IOException.class, () -> TarIndex.read(file));
    assertTrue(e.getMessage().contains("not a tar archive"), e.getMessage());
  }
}
