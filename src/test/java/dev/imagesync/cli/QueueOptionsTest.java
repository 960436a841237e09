package dev.imagesync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imagesync.config.InputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueOptionsTest {

  private static Duration lease(String text) {
    QueueOptions o = new QueueOptions();
    o.lease = text;
    return o.lease();
  }

  @Test
  void aLeaseIsSecondsMinutesOrHours() {
    assertEquals(Duration.ofSeconds(90), lease("90s"));
    assertEquals(Duration.ofSeconds(45), lease("45"));
    assertEquals(Duration.ofMinutes(5), lease("5m"));
    assertEquals(Duration.ofHours(1), lease(" 1h "));
  }

  @Test
  void anythingElseIsOneLine() {
    assertEquals("--queue-lease: a duration such as 90s, 5m or 1h, got '5 minutes'", assertThrows(InputException.class, () -> lease("5 minutes")).getMessage());
    assertEquals("--queue-lease: must be between 10s and 24h, got 5s", assertThrows(InputException.class, () -> lease("5s")).getMessage());
    assertEquals("--queue-lease: must be between 10s and 24h, got 25h", assertThrows(InputException.class, () -> lease("25h")).getMessage());
  }
}
