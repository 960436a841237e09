package dev.imagesync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imagesync.registry.TransferMeter.Transfer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final long S = 1_000_000_000L;

  @Test
  void theUploadsInFlightShowTheirTotalAndTheTimeLeft() {
    long now = 100 * S;
    // 200 MiB of 800 MiB in 10 s: 600 MiB more at 20 MiB/s is 30 s.
    List<Transfer> active = List.of(new Transfer("big/model layer 1", 600L << 20, 150L << 20, now - 10 * S),
        new Transfer("big/model layer 2", 200L << 20, 50L << 20, now - 5 * S));
    assertEquals("[3/10 images] 1.0 GiB sent, 20.0 MiB/s · 2 uploads: 200.0 MiB of 800.0 MiB (25%), about 30 s left · big/model layer 1"
        + " 150.0 MiB/600.0 MiB", Progress.status(3, 10, 1L << 30, 51.2, active, now));
  }

  @Test
  void smallOrJustStartedUploadsGetNoTimeLeft() {
    long now = 100 * S;
    assertEquals("[0/1 images] 1.0 MiB sent, 1.0 MiB/s · 1 upload: 1.0 MiB of 2.0 MiB (50%) · app layer",
        Progress.status(0, 1, 1 << 20, 1, List.of(new Transfer("app layer", 2 << 20, 1 << 20, now - 10 * S)), now));
    assertEquals("[0/1 images] 0 B sent, 0 B/s · 1 upload: 1.0 MiB of 1.0 GiB (0%) · m",
        Progress.status(0, 1, 0, 1, List.of(new Transfer("m", 1L << 30, 1 << 20, now - S)), now), "under 2 s: no pace yet");
    assertEquals("[2/2 images] 0 B sent, 0 B/s", Progress.status(2, 2, 0, 1, List.of(), now));
  }

  @Test
  void timeLeftReadsAsPeopleSayIt() {
    assertEquals("45 s", Progress.timeLeft(45));
    assertEquals("3 min 20 s", Progress.timeLeft(200));
    assertEquals("2 min", Progress.timeLeft(120));
    assertEquals("2 h 5 min", Progress.timeLeft(7500));
  }
}
