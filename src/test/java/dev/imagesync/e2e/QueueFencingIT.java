package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.BasicAuth;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TcpCut;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestMariaDb;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue workers share 200 rows, claimed a batch at a time, against a real MariaDB and real
 * registries: one is killed (-9) mid-run, another is cut off from the database for longer than
 * the lease while the others go on and one started meanwhile takes its rows. Every row is pushed once and recorded once:
 * each destination tag's manifest is PUT once, pushed_images has no duplicate, the cut-off worker
 * writes nothing another took (its tags are fenced by its claim), and no row stays claimed past
 * one lease after the last worker.
 */
@ExtendWith(RegistryExtension.class)
class QueueFencingIT {

  private static final int ROWS = 200;
  private static TestMariaDb db;

  @TempDir Path tmp;

  @BeforeAll
  static void startDatabase() {
    db = TestMariaDb.start();
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void threeWorkersOneKilledOneCutOffPushEveryRowOnce(TestRegistry srcRegistry, @BasicAuth TestRegistry aliyunRegistry) throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry aliyun = new RawRegistry(aliyunRegistry.address(), BasicAuth.USER, BasicAuth.PASSWORD);
    Pushed image = new TestImages(src).single("team/app", tag(0), "linux/amd64", "fenced", true);
    IntStream.range(1, ROWS).parallel().forEach(i -> src.pushManifest("team/app", tag(i), image.mediaType(), image.bytes()));
    // Each manifest GET at the source takes a quarter of a second, so the run lasts long enough to be
    // cut and killed in; the first GET of each of the first four tags (the cut-off worker's first
    // batch) takes 20 s: that worker is still copying them when its lease is long gone and another
    // worker has taken and copied them, and without the fence it would write them a second time.
    java.util.Set<String> stalled = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (TestProxy slowSource = new TestProxy(srcRegistry.address(), seen -> {
      if (seen.method().equals("GET") && seen.path().contains("/manifests/")) {
        String tag = seen.path().substring(seen.path().lastIndexOf('/') + 1);
        boolean stall = tag.compareTo(tag(4)) < 0 && stalled.add(tag);
        try {
          Thread.sleep(stall ? 20_000 : 250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Optional.empty();
    }); TcpCut link = new TcpCut(db.port())) {
      db.execute("DROP TABLE IF EXISTS images_for_push", "DROP TABLE IF EXISTS pushed_images", """
          CREATE TABLE images_for_push (id INT AUTO_INCREMENT PRIMARY KEY, source_registry_url VARCHAR(255) DEFAULT 'docker.io',
            orig_name_space VARCHAR(255), orig_image_name VARCHAR(255), add_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            platform VARCHAR(50) DEFAULT 'linux/amd64', push_status TINYINT DEFAULT 0)""",
          "INSERT INTO images_for_push (source_registry_url, orig_name_space, orig_image_name) VALUES "
              + IntStream.range(0, ROWS).mapToObj(i -> "('" + slowSource.address() + "', 'team', 'app:" + tag(i) + "')").collect(Collectors.joining(", ")));
      Map<String, String> env = new HashMap<>(db.environment());
      env.put("ALIYUN_REGISTRY", aliyun.address());
      env.put("ALIYUN_NAME_SPACE", "mirror");
      env.put("ALIYUN_REGISTRY_USER", BasicAuth.USER);
      env.put("ALIYUN_REGISTRY_PASSWORD", BasicAuth.PASSWORD);
      Map<String, String> cutOffEnv = new HashMap<>(env);
      cutOffEnv.put("MYSQL_PORT", String.valueOf(link.port()));
      String[] args = {"sync", "--queue", "mysql", "--queue-lease", "10s", "-j", "2", "--queue-batch", "4"};

      Process cutOff = start("cut-off", cutOffEnv, args);
      awaitClaim(cutOff); // rows 1-4, the stalled ones
      Process kept = start("kept", env, args);
      Process killed = start("killed", env, args);
      awaitClaim(killed);
      link.cut(); // the cut-off worker's database is away for 15 s, longer than the 10 s lease
      long cutAt = System.nanoTime();
      Thread.sleep(2000);
      killed.destroyForcibly(); // kill -9: its batch waits out its lease
      killed.waitFor();
      long killedAt = System.nanoTime();
      // Past the cut-off worker's lease (renewed at most a third of it before the cut): a worker
      // that starts now finds its rows free, takes them and copies them (their GETs are quick the
      // second time) while the cut-off worker is still stalled on its first GETs.
      Thread.sleep(11_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt));
      Process taker = start("taker", env, args);
      Thread.sleep(Math.max(0, 15_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt)));
      link.restore();
      assertTrue(cutOff.waitFor(180, TimeUnit.SECONDS) && kept.waitFor(180, TimeUnit.SECONDS) && taker.waitFor(180, TimeUnit.SECONDS),
          "the workers finished");

      // One lease after the kill, whatever is left is anyone's: a last worker sweeps it.
      long lease = TimeUnit.SECONDS.toNanos(11);
      if (System.nanoTime() - killedAt < lease) {
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(lease - (System.nanoTime() - killedAt)));
      }
      Path last = Files.createDirectories(tmp.resolve("last"));
      Cli.Run sweep = Cli.runIn(last, List.of(), env, args);
      assertEquals(0, sweep.exitCode(), sweep.toString());

      String cutOffOut = read("cut-off", "out") + read("cut-off", "err");
      String keptOut = read("kept", "out") + read("kept", "err");
      String takerOut = read("taker", "out") + read("taker", "err");
      String all = cutOffOut + keptOut + takerOut + read("killed", "out") + sweep.stdout();
      assertEquals(0, kept.exitValue(), keptOut);
      assertEquals(0, taker.exitValue(), takerOut);
      assertEquals(List.of(List.of(String.valueOf(ROWS))), db.query("SELECT COUNT(*) FROM images_for_push WHERE push_status = 1 AND claimed_by IS NULL"),
          "every row pushed, none still claimed: " + db.query("SELECT id, push_status, claimed_by, push_error FROM images_for_push WHERE push_status <> 1"));
      assertEquals(List.of(List.of(String.valueOf(ROWS))), db.query("SELECT COUNT(*) FROM pushed_images"));
      assertEquals(List.of(), db.query("SELECT image_id, target_image FROM pushed_images GROUP BY image_id, target_image HAVING COUNT(*) > 1"),
          "no duplicate pushed_images");

      // A tag is written by a PUT the registry took (2xx). The worker killed with -9 may die in the
      // middle of one: the registry answers what it got with 400 (seen: two such PUTs in a run, the
      // killed worker's two jobs) and writes nothing, and the row's next holder writes the tag:
      // one write, not two. Counting requests instead made this test fail one run in a few.
      Map<String, List<Integer>> puts = aliyunRegistry.requests().stream().filter(r -> r.method().equals("PUT") && r.path().contains("/manifests/"))
          .collect(Collectors.groupingBy(r -> r.path().substring(r.path().lastIndexOf('/') + 1), Collectors.mapping(r -> r.status(), Collectors.toList())));
      for (int i = 0; i < ROWS; i++) {
        List<Integer> answers = puts.getOrDefault(tag(i), List.of());
        assertEquals(1L, answers.stream().filter(status -> status / 100 == 2).count(),
            "the manifest of " + tag(i) + " written once (PUTs answered " + answers + "): " + puts);
        assertTrue(answers.size() <= 2, "at most one PUT cut short by the kill besides: " + answers);
        String source = "/team/app:" + tag(i) + " ->";
        long copied = all.lines().filter(l -> l.startsWith("copied") && l.contains(source)).count();
        assertTrue(copied <= 1, tag(i) + " copied by " + copied + " runs:\n" + all);
      }
      assertArrayEquals(image.bytes(), aliyun.getManifest("mirror/app", tag(ROWS - 1)).orElseThrow().bytes());

      // The cut-off worker found, once back, that rows it held were taken: it wrote none of them.
      assertEquals(1, cutOff.exitValue(), cutOffOut);
      assertTrue(cutOffOut.contains("is no longer this run's: its lease passed"), cutOffOut);
      assertTrue(cutOffOut.lines().filter(l -> l.startsWith("failed")).allMatch(l -> l.contains("not tagged")), cutOffOut);
      int reported = pushedIn(cutOffOut) + pushedIn(keptOut) + pushedIn(takerOut) + pushedIn(sweep.stderr());
      assertTrue(reported <= ROWS, "rows reported pushed by the workers that finished: " + reported);
    }
  }

  private static String tag(int i) {
    return String.format("v%03d", i);
  }

  private Process start(String name, Map<String, String> env, String... args) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return Cli.start(dir, env, dir.resolve("out"), dir.resolve("err"), args);
  }

  private String read(String name, String file) throws Exception {
    return Files.readString(tmp.resolve(name).resolve(file));
  }

  /** Waits until {@code worker} holds a claim (its pid is in claimed_by). */
  private static void awaitClaim(Process worker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (!db.query("SELECT id FROM images_for_push WHERE claimed_by LIKE '%/" + worker.pid() + "/%' LIMIT 1").isEmpty()) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // the workers have not added their columns yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("worker " + worker.pid() + " claimed nothing in 30 s");
  }

  private static int pushedIn(String output) {
    Matcher m = Pattern.compile("queue: (\\d+) rows? pushed").matcher(output);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
