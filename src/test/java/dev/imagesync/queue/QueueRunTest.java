package dev.imagesync.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.config.Destination;
import dev.imagesync.config.Naming;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueRunTest {

  private static QueueRow row(long id, String ns, String image, String platform) {
    return new QueueRow(id, "docker.io", ns, image, platform, 0, 0, Optional.empty(), Optional.empty());
  }

  private static final List<Naming> TWO = List.of(
      new Naming(Optional.of(Destination.parse("registry.cn-hangzhou.aliyuncs.com/myns", "test")), false),
      new Naming(Optional.of(Destination.parse("registry.example.com/mirror", "test")), false));

  @Test
  void eachRowGoesToEveryDestinationUnderItsLastName() {
    QueueRun run = QueueRun.of(List.of(row(1, "langgenius", "dify-api:1.1.3", "linux/amd64"), row(2, null, "nginx", null)), TWO);
    assertEquals(2, run.rules().size());
    assertEquals(List.of("registry.cn-hangzhou.aliyuncs.com/myns/dify-api", "registry.example.com/mirror/dify-api"),
        run.rules().get(0).targets().stream().map(t -> t.repository().toString()).toList());
    assertEquals("docker.io/library/nginx:latest", run.rules().get(1).source().toString(), "no tag: latest");
    assertEquals("images_for_push#2", run.rules().get(1).origin());
  }

  @Test
  void aSecondRowForOneTagWithOtherContentWaitsAndARepeatedOneRunsOnce() {
    QueueRun run = QueueRun.of(List.of(
        row(1, "langgenius", "dify-api:1.1.3", "linux/amd64"),
        row(2, "langgenius", "dify-api:1.1.3", "linux/amd64"),
        row(3, "langgenius", "dify-api:1.1.3", "linux/arm64"),
        row(4, "other", "dify-api:1.1.3", "linux/amd64"),
        row(5, "x", "Not An Image", null)), TWO);

    assertEquals(2, run.rules().size(), "rows 1 and 2 are the same copy (the planner folds them)");
    List<String> deferred = run.deferredRows();
    assertEquals(2, deferred.size(), deferred.toString());
    assertTrue(deferred.get(0).startsWith("images_for_push#3") && deferred.get(0).contains("as images_for_push#1"), deferred.toString());
    assertTrue(deferred.get(1).startsWith("images_for_push#4"), deferred.toString());
    assertEquals(1, run.invalidRows().size());
  }
}
