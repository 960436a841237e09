package dev.imagesync.cli;

import dev.imagesync.config.Destination;
import dev.imagesync.config.InputException;
import dev.imagesync.config.Naming;
import dev.imagesync.queue.QueueAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --queue}: the database workflow's MySQL queue as an input (and a record) of {@code sync}. */
final class QueueOptions {

  @Option(names = "--queue", paramLabel = "mysql://USER@HOST[:PORT]/DB|mysql",
      description = "also push the pending rows of images_for_push in this MySQL/MariaDB database and record each row's outcome; "
          + "'mysql' reads MYSQL_HOST, MYSQL_PORT, MYSQL_DB, MYSQL_USER; the password is always MYSQL_PASSWORD")
  String queue;

  @Option(names = "--queue-attempts", paramLabel = "N", defaultValue = "3",
      description = "a row that failed this many runs is given up (push_status 3) (default: ${DEFAULT-VALUE})")
  int attempts;

  boolean given() {
    return queue != null;
  }

  QueueAddress address(Map<String, String> env) {
    if (attempts < 1 || attempts > 1000) {
      throw new InputException("--queue-attempts: must be between 1 and 1000, got " + attempts);
    }
    return QueueAddress.parse(queue, env);
  }

  /**
   * How a row's image is named at each destination: the {@code --to} (or {@code ALIYUN_*}) one,
   * and, when {@code MY_REGISTRY} is set, that registry too — the workflow's two targets.
   */
  static List<Naming> destinations(Optional<Destination> primary, boolean keepPath, Map<String, String> env) {
    List<Naming> namings = new ArrayList<>();
    primary.ifPresent(d -> namings.add(new Naming(Optional.of(d), keepPath)));
    String mine = env.getOrDefault("MY_REGISTRY", "").trim();
    if (!mine.isEmpty()) {
      namings.add(new Naming(Optional.of(Destination.parse(mine, "MY_REGISTRY")), keepPath));
    }
    if (namings.isEmpty()) {
      throw new InputException("--queue: no destination for the rows: pass --to, or set ALIYUN_REGISTRY (and ALIYUN_NAME_SPACE) or MY_REGISTRY");
    }
    return namings;
  }
}
