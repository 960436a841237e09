package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.image.ImageReference;
import dev.imagesync.queue.ImageQueue;
import dev.imagesync.queue.QueueAddress;
import dev.imagesync.queue.QueueRow;
import dev.imagesync.secrets.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code imagesync queue add|list}: the database workflow's queue from the command line — what
 * its webhook ({@code add-image}) and its Dify and Xinference watchers did with SQL.
 */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "Adds images to the MySQL queue (images_for_push) or lists it.",
    subcommands = {QueueCommand.Add.class, QueueCommand.ListRows.class})
final class QueueCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: add IMAGE... or list");
  }

  /** Where the queue is: the same {@code --queue} as {@code sync}, by default the MYSQL_* variables. */
  static final class Where {
    @Option(names = "--queue", paramLabel = "mysql://USER@HOST[:PORT]/DB|mysql", defaultValue = "mysql",
        description = "the database (default: ${DEFAULT-VALUE}, i.e. MYSQL_HOST, MYSQL_PORT, MYSQL_DB, MYSQL_USER; password: MYSQL_PASSWORD)")
    String queue;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "the longest wait for the database (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @picocli.CommandLine.Mixin OutputOptions output;

    ImageQueue open() {
      output.apply();
      if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
        throw new InputException("--timeout: must be between 1 and 3600 seconds, got " + timeoutSeconds);
      }
      return ImageQueue.open(QueueAddress.parse(queue, Main.environment), Duration.ofSeconds(timeoutSeconds));
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Queues images as rows of images_for_push (push_status 0); one already waiting (pending or failed) is not added again.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  imagesync queue add langgenius/dify-api:1.1.3 --platform linux/amd64,linux/arm64",
        "  imagesync queue add ghcr.io/org/app:main --queue mysql://sync@db.example:3306/mirror"
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Where where;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "e.g. langgenius/dify-api:1.1.3, ghcr.io/org/app:main")
    List<String> images;

    @Option(names = "--platform", paramLabel = "OS/ARCH[,...]", defaultValue = "linux/amd64",
        description = "the row's platform column (default: ${DEFAULT-VALUE}; 'all' for every platform)")
    String platform;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      String column = platform.strip();
      try {
        dev.imagesync.queue.QueueRun.platformsOf(column);
      } catch (IllegalArgumentException e) {
        throw new InputException("--platform: " + e.getMessage());
      }
      // Every image is checked before the first row is written: a typo adds nothing.
      List<ImageReference> refs = images.stream().map(Add::parse).toList();
      try (ImageQueue queue = where.open()) {
        for (ImageReference ref : refs) {
          String path = ref.repository();
          int slash = path.lastIndexOf('/');
          String namespace = slash < 0 ? null : path.substring(0, slash);
          String name = path.substring(slash + 1) + ":" + ref.tag().orElse("latest");
          // "all" is kept as written: queue list shows it, and the reader takes it (as empty or NULL) for every platform.
          ImageQueue.Added added = queue.add(ref.registry(), namespace, name, column.equalsIgnoreCase("all") ? "all" : column);
          out.println((added.alreadyQueued() ? "already queued " : "queued ") + ref.registry() + "/" + path + ":" + ref.tag().orElse("latest")
              + " (" + column + ") as images_for_push#" + added.id());
        }
      }
      return 0;
    }

    private static ImageReference parse(String text) {
      try {
        ImageReference ref = ImageReference.parse(text);
        if (ref.isLayout()) {
          throw new InputException("'" + text + "': the queue holds registry images, not directories");
        }
        if (ref.digest().isPresent()) {
          throw new InputException("'" + text + "': the queue names images by tag (orig_image_name is NAME:TAG)");
        }
        return ref;
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage());
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Shows the queue, newest row first: id, status, attempts, platform, image, added, last error.",
      footerHeading = "%nExamples:%n",
      footer = {"  MYSQL_PASSWORD=… imagesync queue list --limit 20"})
  static final class ListRows implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin Where where;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N rows (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (limit < 1) {
        throw new InputException("--limit: must be at least 1");
      }
      try (ImageQueue queue = where.open()) {
        out.println("| id | status | attempts | platform | image | added | last error | held by |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (QueueRow r : queue.list(limit)) {
          out.println(Printable.escaped("| " + r.id() + " | " + QueueRow.statusName(r.status()) + " | " + r.attempts() + " | "
              + (r.platform() == null ? "" : r.platform()) + " | " + r.reference() + " | " + r.added().map(Object::toString).orElse("") + " | "
              + r.error().map(e -> e.replace("|", "\\|")).orElse("") + " | " + r.heldBy().orElse("") + " |"));
        }
      }
      return 0;
    }
  }
}
