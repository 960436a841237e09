package dev.imagesync.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.testing.ActionScripts;
import dev.imagesync.testing.BasicAuth;
import dev.imagesync.testing.Cli;
import dev.imagesync.testing.RawRegistry;
import dev.imagesync.testing.RegistryExtension;
import dev.imagesync.testing.TestImages;
import dev.imagesync.testing.TestImages.Pushed;
import dev.imagesync.testing.TestMariaDb;
import dev.imagesync.testing.TestProxy;
import dev.imagesync.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database workflow end to end, against a real MariaDB and real registries: the seed's table
 * and rows, pushed to the Aliyun destination (ALIYUN_*, basic auth) and MY_REGISTRY; statuses,
 * reasons and pushed_images rows; a second run that pushes nothing; two runs at once; rows added
 * by {@code queue add}, the webhook's path.
 */
@ExtendWith(RegistryExtension.class)
class QueueIT {

  /** The seed's table, exactly as the workflow creates it. */
  private static final String SEED_TABLE = """
      CREATE TABLE IF NOT EXISTS images_for_push (
          id INT AUTO_INCREMENT PRIMARY KEY,
          source_registry_url VARCHAR(255) DEFAULT 'docker.io',
          orig_name_space VARCHAR(255),
          orig_image_name VARCHAR(255),
          add_time TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
          platform VARCHAR(50) DEFAULT 'linux/amd64',
          push_status TINYINT DEFAULT 0,
          INDEX idx_push_status (push_status),
          INDEX idx_orig_image_name (orig_image_name)
      )""";

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

  private static Map<String, String> env(RawRegistry aliyun, RawRegistry mine) {
    Map<String, String> env = new HashMap<>(db.environment());
    env.put("ALIYUN_REGISTRY", aliyun.address());
    env.put("ALIYUN_NAME_SPACE", "mirror");
    env.put("ALIYUN_REGISTRY_USER", BasicAuth.USER);
    env.put("ALIYUN_REGISTRY_PASSWORD", BasicAuth.PASSWORD);
    env.put("MY_REGISTRY", mine.address() + "/private");
    return env;
  }

  private static long writes(TestRegistry registry) {
    return registry.requests().stream().filter(r -> Set.of("PUT", "POST", "PATCH", "DELETE").contains(r.method())).count();
  }

  private static void assertNoSecrets(Cli.Run run) {
    assertFalse(run.stdout().contains(TestMariaDb.PASSWORD) || run.stderr().contains(TestMariaDb.PASSWORD), "the database password leaked: " + run);
    assertFalse(run.stdout().contains(BasicAuth.PASSWORD) || run.stderr().contains(BasicAuth.PASSWORD), "a registry password leaked: " + run);
  }

  @Test
  void theSeedsRowsArePushedToBothRegistriesAndRecorded(TestRegistry srcRegistry, @BasicAuth TestRegistry aliyunRegistry, TestRegistry myRegistry)
      throws IOException {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry aliyun = new RawRegistry(aliyunRegistry.address(), BasicAuth.USER, BasicAuth.PASSWORD);
    RawRegistry mine = new RawRegistry(myRegistry);
    TestImages images = new TestImages(src);
    Pushed difyAmd = images.image("langgenius/dify-api", "linux/amd64", 1, 4000, "dify", true);
    Pushed difyArm = images.image("langgenius/dify-api", "linux/arm64", 1, 4000, "dify", true);
    images.index("langgenius/dify-api", "1.1.3", true, List.of(difyAmd, difyArm));
    Pushed xinference = images.multiArch("xprobe/xinference", "v1.4.0", true, "xinf", 1, 4000, "linux/amd64", "linux/arm64");
    db.execute("DROP TABLE IF EXISTS images_for_push", "DROP TABLE IF EXISTS pushed_images", SEED_TABLE,
        "INSERT INTO images_for_push (source_registry_url, orig_name_space, orig_image_name) VALUES ('" + src.address() + "', 'langgenius', 'dify-api:1.1.3')",
        "INSERT INTO images_for_push (source_registry_url, orig_name_space, orig_image_name, platform) VALUES ('" + src.address() + "', 'xprobe', 'xinference:v1.4.0', NULL)",
        "INSERT INTO images_for_push (source_registry_url, orig_name_space, orig_image_name) VALUES ('" + src.address() + "', 'ghost', 'missing:1')",
        "INSERT INTO images_for_push (source_registry_url, orig_name_space, orig_image_name) VALUES ('" + src.address() + "', NULL, 'Bad Name!!\\ncopied  evil/app:1 -> x')",
        "INSERT INTO images_for_push (source_registry_url, orig_name_space, orig_image_name, push_status) VALUES ('" + src.address() + "', 'old', 'done:1', 1)");
    Path work = Files.createDirectories(tmp.resolve("work"));

    Cli.Run first = Cli.runIn(work, List.of(), env(aliyun, mine), "sync", "--queue", "mysql");

    assertEquals(1, first.exitCode(), "a row failed: " + first);
    assertNoSecrets(first);
    List<List<String>> rows = db.query("SELECT id, push_status, push_attempts, push_error FROM images_for_push ORDER BY id");
    assertEquals(List.of("1", "1", "0", "NULL"), rows.get(0), rows.toString());
    assertEquals(List.of("2", "1", "0", "NULL"), rows.get(1), rows.toString());
    assertEquals("2", rows.get(2).get(1), "a missing image fails and is tried again: " + rows);
    assertTrue(rows.get(2).get(3).contains("not found"), rows.get(2).toString());
    assertEquals("3", rows.get(3).get(1), "no image at all: given up at once: " + rows);
    assertTrue(rows.get(3).get(3).contains("not an image"), rows.get(3).toString());
    assertTrue(first.stdout().lines().noneMatch(l -> l.startsWith("copied  evil")), "a row's name cannot print a line of its own: " + first.stdout());
    assertTrue(first.stdout().contains("Bad Name!!\\ncopied  evil/app:1 -> x"), "it is printed escaped: " + first.stdout());
    assertEquals(List.of("5", "1", "0", "NULL"), rows.get(4), "a pushed row is not touched");

    // The subset (the column's linux/amd64) is the same index at both destinations; the child is byte-exact.
    byte[] difyAtAliyun = aliyun.getManifest("mirror/dify-api", "1.1.3").orElseThrow().bytes();
    assertArrayEquals(difyAtAliyun, mine.getManifest("private/dify-api", "1.1.3").orElseThrow().bytes());
    assertArrayEquals(difyAmd.bytes(), aliyun.getManifest("mirror/dify-api", difyAmd.digest()).orElseThrow().bytes());
    assertFalse(new String(difyAtAliyun).contains(difyArm.digest()));
    assertArrayEquals(xinference.bytes(), aliyun.getManifest("mirror/xinference", "v1.4.0").orElseThrow().bytes(), "NULL platform: every platform");
    assertArrayEquals(xinference.bytes(), mine.getManifest("private/xinference", "v1.4.0").orElseThrow().bytes());

    List<List<String>> pushed = db.query("SELECT image_id, source_image, target_image, digest FROM pushed_images ORDER BY image_id, target_image");
    assertEquals(4, pushed.size(), pushed.toString());
    assertEquals(Set.of(List.of("2", src.address() + "/xprobe/xinference:v1.4.0", aliyun.address() + "/mirror/xinference:v1.4.0", xinference.digest()),
            List.of("2", src.address() + "/xprobe/xinference:v1.4.0", mine.address() + "/private/xinference:v1.4.0", xinference.digest())),
        Set.copyOf(pushed.subList(2, 4)), "a row per destination tag: " + pushed);
    assertEquals(List.of("1", "1"), List.of(pushed.get(0).get(0), pushed.get(1).get(0)), pushed.toString());
    assertTrue(first.stderr().contains("queue: 2 rows pushed, 1 to try again, 1 given up"), first.stderr());
    String history = Files.readString(work.resolve("transfer_history.md"));
    assertTrue(history.contains("mirror/dify-api:1.1.3") && history.contains("private/xinference:v1.4.0"), "the markdown records as for any sync: " + history);

    // Second run: nothing pushed again; the failing row fails its second (and, here, last) try.
    long aliyunWrites = writes(aliyunRegistry);
    long myWrites = writes(myRegistry);
    Cli.Run second = Cli.runIn(work, List.of(), env(aliyun, mine), "sync", "--queue", "mysql", "--queue-attempts", "2");
    assertEquals(1, second.exitCode(), second.toString());
    assertEquals(aliyunWrites, writes(aliyunRegistry));
    assertEquals(myWrites, writes(myRegistry));
    assertTrue(second.stderr().contains("queue: 0 rows pushed, 0 to try again, 1 given up"), second.stderr());
    assertEquals(List.of("3", "2"), db.query("SELECT push_status, push_attempts FROM images_for_push WHERE id = 3").get(0));
    assertEquals(4, db.query("SELECT id FROM pushed_images").size());

    Cli.Run third = Cli.runIn(work, List.of(), env(aliyun, mine), "sync", "--queue", "mysql", "--queue-attempts", "2", "--log-level", "trace");
    assertEquals(0, third.exitCode(), "nothing left to push: " + third);
    assertNoSecrets(third);
    assertFalse(third.stderr().contains("+------+"), "no packet dumps of the database driver");
    assertTrue(third.stderr().contains("queue: 0 rows pushed, 0 to try again, 0 given up"), third.stderr());
  }

  @Test
  void rowsAddedLikeTheWebhookArePushedOnceByTwoRunsAtOnce(TestRegistry srcRegistry, @BasicAuth TestRegistry aliyunRegistry, TestRegistry myRegistry)
      throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry aliyun = new RawRegistry(aliyunRegistry.address(), BasicAuth.USER, BasicAuth.PASSWORD);
    RawRegistry mine = new RawRegistry(myRegistry);
    TestImages images = new TestImages(src);
    db.execute("DROP TABLE IF EXISTS images_for_push", "DROP TABLE IF EXISTS pushed_images");
    String[] refs = new String[8];
    for (int i = 0; i < refs.length; i++) {
      images.single("team/app" + i, "v" + i, "linux/amd64", "queue" + i, true);
      refs[i] = src.address() + "/team/app" + i + ":v" + i;
    }
    Map<String, String> env = env(aliyun, mine);

    Cli.Run add = Cli.run(List.of(), env, "queue", "add", refs[0], refs[1], refs[2], refs[3], refs[4], refs[5], refs[6], refs[7]);
    assertEquals(0, add.exitCode(), add.toString());
    assertNoSecrets(add);
    assertEquals(8, add.linesStartingWith("queued").size(), add.toString());
    Cli.Run again = Cli.run(List.of(), env, "queue", "add", refs[3]);
    assertTrue(again.stdout().startsWith("already queued " + refs[3]), again.toString());
    assertEquals(List.of(src.address(), "team", "app3:v3", "linux/amd64", "0"),
        db.query("SELECT source_registry_url, orig_name_space, orig_image_name, platform, push_status FROM images_for_push WHERE id = 4").get(0));
    Cli.Run list = Cli.run(List.of(), env, "queue", "list");
    assertEquals(0, list.exitCode(), list.toString());
    assertTrue(list.stdout().contains("| 8 | pending | 0 | linux/amd64 | " + refs[7] + " |"), list.stdout());
    Cli.Run every = Cli.run(List.of(), env, "queue", "add", refs[7], "--platform", "ALL");
    assertTrue(every.stdout().startsWith("queued " + refs[7] + " (ALL) as images_for_push#9"), every.toString());
    assertEquals(List.of(List.of("all")), db.query("SELECT platform FROM images_for_push WHERE id = 9"), "stored as all, as queue list shows it");
    db.execute("DELETE FROM images_for_push WHERE id = 9");

    Path one = Files.createDirectories(tmp.resolve("one"));
    Path two = Files.createDirectories(tmp.resolve("two"));
    Process a = Cli.start(one, env, one.resolve("out"), one.resolve("err"), "sync", "--queue", "mysql", "-j", "2");
    Process b = Cli.start(two, env, two.resolve("out"), two.resolve("err"), "sync", "--queue", "mysql", "-j", "2");
    assertTrue(a.waitFor(120, TimeUnit.SECONDS) && b.waitFor(120, TimeUnit.SECONDS));
    String outputs = Files.readString(one.resolve("out")) + Files.readString(two.resolve("out"));
    String errors = Files.readString(one.resolve("err")) + Files.readString(two.resolve("err"));
    assertEquals(0, a.exitValue(), errors);
    assertEquals(0, b.exitValue(), errors);
    for (String ref : refs) {
      long lines = outputs.lines().filter(l -> l.contains(ref + " ->")).count();
      assertEquals(2, lines, "each row by one run, to its two destinations: " + ref + "\n" + outputs);
    }
    assertEquals(List.of(List.of("8")), db.query("SELECT COUNT(*) FROM images_for_push WHERE push_status = 1"));
    assertEquals(List.of(List.of("16")), db.query("SELECT COUNT(*) FROM pushed_images"));
    assertFalse(errors.contains(TestMariaDb.PASSWORD), errors);
  }

  /** The action's inputs: queue-add (the webhook's image) then the sync of the queue, as its composite step runs them. */
  @Test
  void aKilledRunsRowsGoToTheNextRunAfterItsLease(TestRegistry srcRegistry, @BasicAuth TestRegistry aliyunRegistry, TestRegistry myRegistry)
      throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry aliyun = new RawRegistry(aliyunRegistry.address(), BasicAuth.USER, BasicAuth.PASSWORD);
    RawRegistry mine = new RawRegistry(myRegistry);
    Pushed image = new TestImages(src).image("big/model", "linux/amd64", 1, 2 << 20, "lease", true);
    src.pushManifest("big/model", "1", image.mediaType(), image.bytes());
    db.execute("DROP TABLE IF EXISTS images_for_push", "DROP TABLE IF EXISTS pushed_images");
    Map<String, String> env = env(aliyun, mine);
    java.util.concurrent.atomic.AtomicBoolean slow = new java.util.concurrent.atomic.AtomicBoolean(true);
    // The layer's first MiB, then nothing for a minute while `slow`: the first run is mid-copy when it is killed.
    try (TestProxy source = TestProxy.pausingBlobs(src.address(), 2 << 20, 1 << 20, 60_000, slow::get)) {
      String ref = source.address() + "/big/model:1";
      assertEquals(0, Cli.run(List.of(), env, "queue", "add", ref).exitCode());
      Path one = Files.createDirectories(tmp.resolve("killed"));
      Process killed = Cli.start(one, env, one.resolve("out"), one.resolve("err"), "sync", "--queue", "mysql", "--queue-lease", "10s");
      source.awaitSeen(r -> r.method().equals("GET") && r.path().contains("/blobs/"), java.time.Duration.ofSeconds(30));
      Thread.sleep(4000); // past the first renewal (a third of the lease)

      Cli.Run list = Cli.run(List.of(), env, "queue", "list");
      assertTrue(list.stdout().matches("(?s).*\\| [^|]*/" + killed.pid() + "/[0-9a-f]{8} since [^|]* \\|.*"),
          "queue list shows who holds the row, and since when: " + list.stdout());
      Cli.Run meanwhile = Cli.run(List.of(), env, "sync", "--queue", "mysql", "--queue-lease", "10s");
      assertEquals(0, meanwhile.exitCode(), meanwhile.toString());
      assertTrue(meanwhile.stderr().contains("; 1 held by other runs (they return to the queue if not renewed for 10 s)")
          && meanwhile.stderr().contains("queue: 0 rows pushed"),
          "the renewed claim is the killed run's still: " + meanwhile.stderr());

      killed.destroyForcibly(); // kill -9: no release, no renewal any more
      killed.waitFor();
      slow.set(false);
      Thread.sleep(11_000); // one lease

      Path next = Files.createDirectories(tmp.resolve("next"));
      Cli.Run after = Cli.runIn(next, List.of(), env, "sync", "--queue", "mysql", "--queue-lease", "10s");
      assertEquals(0, after.exitCode(), after.toString());
      assertTrue(after.stderr().contains("queue: 1 row pushed"), after.stderr());
      assertEquals(List.of(List.of("1", "NULL")), db.query("SELECT push_status, claimed_by FROM images_for_push"));
      assertArrayEquals(image.bytes(), aliyun.getManifest("mirror/model", "1").orElseThrow().bytes());
    }
  }

  /** sync --queue --repair: a row queued again for a tag already at its digest has what the mirror lost sent again. */
  @Test
  void aRowQueuedAgainWithRepairSendsWhatTheMirrorLost(TestRegistry srcRegistry, @BasicAuth TestRegistry aliyunRegistry, TestRegistry myRegistry)
      throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry aliyun = new RawRegistry(aliyunRegistry.address(), BasicAuth.USER, BasicAuth.PASSWORD);
    RawRegistry mine = new RawRegistry(myRegistry);
    Pushed image = new TestImages(src).single("team/tool", "1", "linux/amd64", "repair", true);
    db.execute("DROP TABLE IF EXISTS images_for_push", "DROP TABLE IF EXISTS pushed_images");
    Map<String, String> env = env(aliyun, mine);
    String ref = src.address() + "/team/tool:1";
    assertEquals(0, Cli.run(List.of(), env, "queue", "add", ref).exitCode());
    Cli.Run first = Cli.runIn(Files.createDirectories(tmp.resolve("first")), List.of(), env, "sync", "--queue", "mysql");
    assertEquals(0, first.exitCode(), first.toString());

    String layer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(image.bytes()).path("layers").path(0).path("digest").asText();
    aliyun.deleteBlob("mirror/tool", layer);
    assertFalse(aliyun.hasBlob("mirror/tool", layer));

    assertEquals(0, Cli.run(List.of(), env, "queue", "add", ref).exitCode());
    Cli.Run repair = Cli.runIn(Files.createDirectories(tmp.resolve("repair")), List.of(), env, "sync", "--queue", "mysql", "--repair");
    assertEquals(0, repair.exitCode(), repair.toString());
    assertTrue(repair.lines().stream().anyMatch(l -> l.startsWith("copied") && l.contains(aliyun.address() + "/mirror/tool:1")
        && l.contains("repaired: 1 missing part sent again")), repair.toString());
    assertTrue(repair.stderr().contains("queue: 1 row pushed"), repair.stderr());
    assertTrue(aliyun.hasBlob("mirror/tool", layer), "the lost layer is back");
  }

  @Test
  void aDatabaseRestartedMidRunGetsEveryOutcomeAndKeepsNoClaim(TestRegistry srcRegistry, @BasicAuth TestRegistry aliyunRegistry, TestRegistry myRegistry)
      throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry aliyun = new RawRegistry(aliyunRegistry.address(), BasicAuth.USER, BasicAuth.PASSWORD);
    RawRegistry mine = new RawRegistry(myRegistry);
    Pushed image = new TestImages(src).image("big/restart", "linux/amd64", 1, 2 << 20, "restart", true);
    src.pushManifest("big/restart", "1", image.mediaType(), image.bytes());
    db.execute("DROP TABLE IF EXISTS images_for_push", "DROP TABLE IF EXISTS pushed_images");
    Map<String, String> env = env(aliyun, mine);
    // The layer pauses for 4 s after its first MiB: the database is killed and back while the copy runs.
    try (TestProxy source = TestProxy.pausingBlobs(src.address(), 2 << 20, 1 << 20, 4000)) {
      String ref = source.address() + "/big/restart:1";
      assertEquals(0, Cli.run(List.of(), env, "queue", "add", ref).exitCode());
      Path work = Files.createDirectories(tmp.resolve("restart"));
      Process run = Cli.start(work, env, work.resolve("out"), work.resolve("err"), "sync", "--queue", "mysql");
      source.awaitSeen(r -> r.method().equals("GET") && r.path().contains("/blobs/"), java.time.Duration.ofSeconds(30));
      db.restart(java.time.Duration.ofSeconds(1));
      assertTrue(run.waitFor(120, TimeUnit.SECONDS), "finished");

      String err = Files.readString(work.resolve("err"));
      assertEquals(0, run.exitValue(), err);
      assertTrue(err.contains("the connection was lost") && err.contains("connected again"), "the run says so: " + err);
      assertEquals(List.of(List.of("1", "NULL")), db.query("SELECT push_status, claimed_by FROM images_for_push"));
      assertEquals(List.of(List.of("2")), db.query("SELECT COUNT(*) FROM pushed_images"), "a row per destination");
      assertArrayEquals(image.bytes(), mine.getManifest("private/restart", "1").orElseThrow().bytes());
    }
  }

  @Test
  void theActionAddsTheWebhooksImageAndPushesTheQueue(TestRegistry srcRegistry, @BasicAuth TestRegistry aliyunRegistry, TestRegistry myRegistry)
      throws Exception {
    RawRegistry src = new RawRegistry(srcRegistry);
    RawRegistry aliyun = new RawRegistry(aliyunRegistry.address(), BasicAuth.USER, BasicAuth.PASSWORD);
    RawRegistry mine = new RawRegistry(myRegistry);
    Pushed hook = new TestImages(src).single("hook/app", "2.0", "linux/amd64", "hook", true);
    db.execute("DROP TABLE IF EXISTS images_for_push", "DROP TABLE IF EXISTS pushed_images");
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Path output = tmp.resolve("github-output");
    Map<String, String> env = new HashMap<>(env(aliyun, mine));
    env.putAll(Map.of("LISTS", "", "MAPPINGS", "", "DESTINATION", "", "AUTH_FILE", "", "ARGS", "", "QUEUE", "mysql",
        "QUEUE_ADD", src.address() + "/hook/app:2.0", "GITHUB_OUTPUT", output.toString(), "RUNNER_TEMP", tmp.toString()));
    String log = ActionScripts.run(repo, "action-sync.sh", env);

    String outputs = Files.readString(output);
    assertTrue(outputs.contains("copied=2") && outputs.contains("exit-code=0"), outputs + "\n" + log);
    assertEquals(hook.digest(), aliyun.getManifest("mirror/app", "2.0").orElseThrow().digest());
    assertEquals(hook.digest(), mine.getManifest("private/app", "2.0").orElseThrow().digest());
    assertEquals(List.of(List.of("1")), db.query("SELECT push_status FROM images_for_push"));
    assertFalse(log.contains(TestMariaDb.PASSWORD), log);
  }

  @Test
  void aPasswordInTheUrlIsRefusedAndAWrongOneIsOneLine() {
    Cli.Run inUrl = Cli.run(List.of(), Map.of(), "sync", "--queue", "mysql://imagesync:hunter2@127.0.0.1:" + db.port() + "/images", "--to", "r.example/ns");
    assertEquals(2, inUrl.exitCode(), inUrl.toString());
    assertTrue(inUrl.stderr().contains("MYSQL_PASSWORD") && !inUrl.stderr().contains("hunter2"), inUrl.stderr());

    Map<String, String> wrong = new HashMap<>(db.environment());
    wrong.put("MYSQL_PASSWORD", "Wrong-pw-31b7");
    Cli.Run denied = Cli.run(List.of(), wrong, "queue", "list");
    assertEquals(1, denied.exitCode(), denied.toString());
    assertEquals(1, denied.stderr().strip().lines().count(), denied.stderr());
    assertTrue(denied.stderr().contains("cannot connect to the queue at mysql://imagesync@127.0.0.1:" + db.port() + "/images"), denied.stderr());
    assertFalse(denied.stderr().contains("Wrong-pw-31b7"), denied.stderr());
  }
}
