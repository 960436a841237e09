package dev.imagesync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesync.image.ImageReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardTest {

  @Test
  void everyRepositoryFallsInExactlyOneShardAndItsTagsStayTogether() {
    List<ImageReference> destinations = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      destinations.add(ImageReference.parse("registry.example/ns/app" + i + ":v1"));
      destinations.add(ImageReference.parse("registry.example/ns/app" + i + ":v2"));
    }
    int[] perShard = new int[4];
    for (ImageReference d : destinations) {
      int owners = 0;
      for (int i = 1; i <= 4; i++) {
        if (new Shard(i, 4).takes(d)) {
          owners++;
          perShard[i - 1]++;
        }
      }
      assertEquals(1, owners, d.toString());
    }
    for (int n : perShard) {
      assertEquals(100, n, 60, "roughly even: " + java.util.Arrays.toString(perShard));
    }
    ImageReference v1 = ImageReference.parse("registry.example/ns/x:v1");
    ImageReference v2 = ImageReference.parse("registry.example/ns/x:v2");
    for (int i = 1; i <= 4; i++) {
      assertEquals(new Shard(i, 4).takes(v1), new Shard(i, 4).takes(v2));
    }
  }

  @Test
  void parsesAndRefusesBadSpellings() {
    assertEquals(new Shard(2, 4), Shard.parse("2/4"));
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/4"));
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("5/4"));
    assertThrows(IllegalArgumentException.class, () -> Shard.parse("two"));
  }
}
