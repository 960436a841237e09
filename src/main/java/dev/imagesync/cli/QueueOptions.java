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

  @Option(names = "--queue-lease", paramLabel = "DURATION", defaultValue = "5m",
      description = "how long the rows a run claims stay its own unless it renews them (it does, every third of it, while it "
          + "runs): a killed run's rows go to the next run after this; 90s, 5m, 1h (default: ${DEFAULT-VALUE})")
  String lease;

  @Option(names = "--queue-batch", paramLabel = "N",
      description = "rows claimed at a time, the next batch as the last drains, so that several runs share the table and a killed "
          + "run holds at most a batch for a lease (default: 2 x --jobs)")
  Integer batch;

  /** --queue-batch, or twice the copy slots: enough to keep them busy while the next batch is claimed. */
  int batch(int jobs) {
    int n = batch == null ? 2 * jobs : batch;
    if (n < 1 || n > 10_000) {
      throw new InputException("--queue-batch: must be between 1 and 10000, got " + n);
    }
    return n;
  }

  /** --queue-lease: between 10 seconds and a day. */
  java.time.Duration lease() {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d{1,6})([smh]?)$").matcher(lease == null ? "" : lease.strip());
    if (!m.matches()) {
      throw new InputException("--queue-lease: a duration such as 90s, 5m or 1h, got '" + lease + "'");
    }
    long n = Long.parseLong(m.group(1));
    java.time.Duration d = switch (m.group(2)) {
      case "m" -> java.time.Duration.ofMinutes(n);
      case "h" -> java.time.Duration.ofHours(n);
      default -> java.time.Duration.ofSeconds(n);
    };
    if (d.compareTo(java.time.Duration.ofSeconds(10)) < 0 || d.compareTo(java.time.Duration.ofDays(1)) > 0) {
      throw new InputException("--queue-lease: must be between 10s and 24h, got " + lease);
    }
    return d;
  }

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
