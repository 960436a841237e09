package dev.imagesync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.config.InputException;
import dev.imagesync.image.Platform;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueAddressTest {

  @Test
  void fromTheWorkflowsVariables() {
    QueueAddress a = QueueAddress.parse("mysql", Map.of("MYSQL_HOST", "db.example", "MYSQL_PORT", "3307", "MYSQL_DB", "images",
        "MYSQL_USER", "bot", "MYSQL_PASSWORD", "pw-9"));
    assertEquals(new QueueAddress("db.example", 3307, "images", "bot", Optional.of("pw-9"), ""), a);
    assertEquals("jdbc:mariadb://db.example:3307/images", a.jdbcUrl());
    assertEquals("mysql://bot@db.example:3307/images", a.toString());
    assertFalse(a.toString().contains("pw-9"));
    InputException missing = assertThrows(InputException.class, () -> QueueAddress.parse("mysql", Map.of("MYSQL_HOST", "h")));
    assertTrue(missing.getMessage().contains("MYSQL_DB is not set"), missing.getMessage());
  }

  @Test
  void fromAUrlWithOptionsButNeverAPassword() {
    QueueAddress a = QueueAddress.parse("mysql://bot@db.example/images?sslMode=verify-full", Map.of("MYSQL_PASSWORD", "pw"));
    assertEquals("jdbc:mariadb://db.example:3306/images?sslMode=verify-full", a.jdbcUrl());
    InputException withPassword = assertThrows(InputException.class, () -> QueueAddress.parse("mysql://bot:hunter2@db/images", Map.of()));
    assertFalse(withPassword.getMessage().contains("hunter2"));
    assertThrows(InputException.class, () -> QueueAddress.parse("postgres://bot@db/images", Map.of()));
    assertThrows(InputException.class, () -> QueueAddress.parse("mysql://bot@db/", Map.of()));
    assertThrows(InputException.class, () -> QueueAddress.parse("mysql", Map.of("MYSQL_HOST", "h", "MYSQL_DB", "d", "MYSQL_USER", "u", "MYSQL_PORT", "99999")));
  }

  @Test
  void thePlatformColumn() {
    assertEquals(List.of(Platform.parseRequested("linux/amd64")), QueueRun.platformsOf("linux/amd64"));
    assertEquals(List.of(Platform.parseRequested("linux/amd64"), Platform.parseRequested("linux/arm64")), QueueRun.platformsOf("linux/amd64, linux/arm64"));
    assertEquals(List.of(), QueueRun.platformsOf(null));
    assertEquals(List.of(), QueueRun.platformsOf("all"));
    assertThrows(IllegalArgumentException.class, () -> QueueRun.platformsOf("linux/amd65"));
  }

  @Test
  void aRowIsOneReference() {
    QueueRow row = new QueueRow(7, null, "langgenius", "dify-api:1.1.3", "linux/amd64", 0, 0, Optional.empty(), Optional.empty());
    assertEquals("docker.io/langgenius/dify-api:1.1.3", row.reference());
    assertEquals("ghcr.io/app:1", new QueueRow(8, "ghcr.io", "", "app:1", null, 0, 0, Optional.empty(), Optional.empty()).reference());
  }
}
