package dev.imagesync.queue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which failures of a step are another run's doing at the same moment, rolled back for the step
 * to be made again: the ones two workers recording rows at once meet (QueueIT's two runs saw
 * MariaDB's 1467, "Failed to read auto-increment value from storage engine", on pushed_images).
 */
class ImageQueueTest {

  @Test
  void aStepRolledBackBecauseOfAnotherRunIsMadeAgainAndNothingElseIs() {
    assertTrue(ImageQueue.rolledBackToRunAgain(new SQLException("Deadlock found when trying to get lock", "40001", 1213)));
    assertTrue(ImageQueue.rolledBackToRunAgain(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
    assertTrue(ImageQueue.rolledBackToRunAgain(new SQLException("(conn=10) Failed to read auto-increment value from storage engine", "HY000", 1467)));
    assertFalse(ImageQueue.rolledBackToRunAgain(new SQLException("Table 'images.pushed_images' doesn't exist", "42S02", 1146)));
    assertFalse(ImageQueue.rolledBackToRunAgain(new SQLException("Access denied for user", "28000", 1045)));
  }
}
