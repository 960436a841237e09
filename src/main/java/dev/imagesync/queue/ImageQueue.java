package dev.imagesync.queue;

import dev.imagesync.registry.ThisMachine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * The database workflow's queue in MySQL or MariaDB: {@code images_for_push} (what to push) and
 * {@code pushed_images} (what was). Tables and the columns imagesync adds are created when
 * missing; rows other jobs wrote are read as they are.
 *
 * <p>Two runs at once never take the same row: a run claims rows with one {@code UPDATE} (InnoDB
 * locks each row it changes, so the second run's {@code UPDATE} sees the first one's claim and
 * passes the row by) and then reads back only its own. A claim is a lease: the run holding it
 * renews it ({@link #renew}) while it works, so a claim not renewed for the lease belongs to a run
 * that died (killed, its machine gone) and is taken over by the next run. Each claim raises the
 * row's {@code claim_generation}: the run confirms its claim (holder and generation) just before
 * each tag it writes ({@link #stillHeld}) and when it records the row ({@link #finish}), so a run
 * that lost its lease — its database away for longer than the lease — neither writes nor records
 * what the row's new holder does.
 */
public final class ImageQueue implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImageQueue.class);
  private static final int MAX_ERROR = 1000;

  private static final String CREATE_QUEUE = """
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

  /** What imagesync keeps on a queue row besides the workflow's own columns. */
  private static final List<String[]> QUEUE_COLUMNS = List.of(
      new String[] {"push_attempts", "INT NOT NULL DEFAULT 0"},
      new String[] {"push_error", "VARCHAR(1024) NULL"},
      new String[] {"pushed_time", "DATETIME NULL"},
      new String[] {"claimed_by", "VARCHAR(64) NULL"},
      new String[] {"claimed_at", "DATETIME NULL"},
      // Raised by every claim: a run's claim is its holder and this number (a fencing token), so a
      // run whose lease passed cannot act on the row's next claim, even its own.
      new String[] {"claim_generation", "BIGINT NOT NULL DEFAULT 0"},
      // Which of a run's claims took the row: a run reads back only the batch it just claimed.
      new String[] {"claim_batch", "VARCHAR(64) NULL"});

  private static final String CREATE_PUSHED = """
      CREATE TABLE IF NOT EXISTS pushed_images (
          id INT AUTO_INCREMENT PRIMARY KEY,
          image_id INT NULL,
          source_image VARCHAR(512) NULL,
          target_image VARCHAR(512) NULL,
          digest VARCHAR(100) NULL,
          platform VARCHAR(255) NULL,
          pushed_time DATETIME NULL,
          INDEX idx_image_id (image_id)
      )""";

  private static final List<String[]> PUSHED_COLUMNS = List.of(
      new String[] {"image_id", "INT NULL"},
      new String[] {"source_image", "VARCHAR(512) NULL"},
      new String[] {"target_image", "VARCHAR(512) NULL"},
      new String[] {"digest", "VARCHAR(100) NULL"},
      new String[] {"platform", "VARCHAR(255) NULL"},
      new String[] {"pushed_time", "DATETIME NULL"});

  /** The connection; replaced by a new one when the database drops it (a restart, a failover). */
  private Connection db;
  private final QueueAddress address;
  private final Connector connector;
  /** How long a step keeps reconnecting to a database that went away: the timeout twice, at least 30 s. */
  private final Duration reconnectFor;
  /** Who holds a claim, as {@code queue list} shows it: this machine, this process, and a random part. */
  private final String runId = holder();

  @FunctionalInterface
  private interface Connector {
    Connection connect() throws SQLException;
  }

  @FunctionalInterface
  private interface Step<T> {
    T run() throws SQLException;
  }

  private ImageQueue(Connection db, QueueAddress address, Connector connector, Duration reconnectFor) {
    this.db = db;
    this.address = address;
    this.connector = connector;
    this.reconnectFor = reconnectFor;
  }

  /** Connects and makes sure both tables have what imagesync needs. */
  public static ImageQueue open(QueueAddress address, Duration timeout) {
    Properties props = new Properties();
    props.setProperty("user", address.user());
    address.password().ifPresent(p -> props.setProperty("password", p));
    props.setProperty("connectTimeout", String.valueOf(Math.min(timeout.toMillis(), 30_000)));
    props.setProperty("socketTimeout", String.valueOf(timeout.toMillis()));
    Connector connector = () -> DriverManager.getConnection(address.jdbcUrl(), props);
    Connection c;
    try {
      c = connector.connect();
    } catch (SQLException e) {
      throw new QueueException("cannot connect to the queue at " + address + ": " + firstLine(e), e);
    }
    Duration twice = timeout.multipliedBy(2);
    ImageQueue queue = new ImageQueue(c, address, connector, twice.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : twice);
    try {
      queue.ensureSchema();
    } catch (RuntimeException e) {
      queue.close();
      throw e;
    }
    return queue;
  }

  private void ensureSchema() {
    try (Statement s = db.createStatement()) {
      s.execute(CREATE_QUEUE);
      s.execute(CREATE_PUSHED);
      addMissing("images_for_push", QUEUE_COLUMNS);
      addMissing("pushed_images", PUSHED_COLUMNS);
    } catch (SQLException e) {
      throw failure("cannot create or extend the queue's tables", e);
    }
  }

  /** Adds the columns a table lacks (ALTER TABLE ... ADD COLUMN: MySQL has no IF NOT EXISTS there). */
  private void addMissing(String table, List<String[]> columns) throws SQLException {
    Set<String> have = new HashSet<>();
    try (PreparedStatement q = db.prepareStatement(
        "SELECT LOWER(COLUMN_NAME) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?")) {
      q.setString(1, table);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          have.add(r.getString(1));
        }
      }
    }
    for (String[] column : columns) {
      if (!have.contains(column[0])) {
        try (Statement s = db.createStatement()) {
          s.execute("ALTER TABLE " + table + " ADD COLUMN " + column[0] + " " + column[1]);
        } catch (SQLException e) {
          // Another run added it between our look and our ALTER: what we wanted is there.
          if (e.getErrorCode() != 1060) {
            throw e;
          }
        }
      }
    }
  }

  /**
   * Claims at most {@code limit} of the rows to push now (pending, or failed fewer than {@code
   * maxAttempts} times, not held by a live claim), oldest first, for this run, and returns them
   * with the generation of this claim. Claiming a batch at a time lets several runs share a table,
   * and a run that dies holds only its batch for a lease.
   */
  public synchronized List<QueueRow> claim(int maxAttempts, Duration lease, int limit) {
    String batch = UUID.randomUUID().toString();
    return step("cannot claim rows of images_for_push", () -> {
      try (PreparedStatement u = db.prepareStatement("""
          UPDATE images_for_push SET claimed_by = ?, claim_batch = ?, claimed_at = NOW(), claim_generation = claim_generation + 1
           WHERE push_status IN (0, 2) AND push_attempts < ?
             AND (claimed_by IS NULL OR claimed_at < NOW() - INTERVAL ? SECOND)
           ORDER BY id LIMIT ?""")) {
        u.setString(1, runId);
        u.setString(2, batch);
        u.setInt(3, maxAttempts);
        u.setLong(4, lease.toSeconds());
        u.setInt(5, limit);
        u.executeUpdate();
      }
      return rows("WHERE claim_batch = ? AND claimed_by = ? ORDER BY id", batch, runId);
    });
  }

  /**
   * Whether this run's claim on {@code row} still holds (the same holder and generation, not
   * recorded by anyone), renewing it when it does: asked just before each tag of the row is
   * written, so that a run whose lease passed while it could not reach the database (another run
   * took the row meanwhile) does not write what the other run writes.
   */
  public synchronized boolean stillHeld(QueueRow row) {
    return step("cannot confirm the claim on row " + row.id() + " of images_for_push", () -> {
      try (PreparedStatement u = db.prepareStatement("""
          UPDATE images_for_push SET claimed_at = NOW()
           WHERE id = ? AND claimed_by = ? AND claim_generation = ? AND push_status IN (0, 2)""")) {
        u.setLong(1, row.id());
        u.setString(2, runId);
        u.setLong(3, row.generation());
        return u.executeUpdate() == 1; // rows matched: the driver's default (found rows), unchanged or not
      }
    });
  }

  /** Renews this run's claims: they last another lease from now. */
  public synchronized void renew() {
    step("cannot renew the claims on images_for_push", () -> {
      try (PreparedStatement u = db.prepareStatement("UPDATE images_for_push SET claimed_at = NOW() WHERE claimed_by = ?")) {
        u.setString(1, runId);
        return u.executeUpdate();
      }
    });
  }

  /** How many rows to push other runs hold now (their leases renewed within {@code lease}). */
  public synchronized int heldByOthers(int maxAttempts, Duration lease) {
    return step("cannot read images_for_push", () -> {
      try (PreparedStatement q = db.prepareStatement("""
          SELECT COUNT(*) FROM images_for_push
           WHERE push_status IN (0, 2) AND push_attempts < ? AND claimed_by IS NOT NULL AND claimed_by <> ?
             AND claimed_at >= NOW() - INTERVAL ? SECOND""")) {
        q.setInt(1, maxAttempts);
        q.setString(2, runId);
        q.setLong(3, lease.toSeconds());
        try (ResultSet r = q.executeQuery()) {
          return r.next() ? r.getInt(1) : 0;
        }
      }
    });
  }

  /** The rows a run would push, without claiming them (a dry run). */
  public synchronized List<QueueRow> pending(int maxAttempts) {
    return step("cannot read images_for_push", () -> rows("WHERE push_status IN (0, 2) AND push_attempts < ? ORDER BY id", maxAttempts, null));
  }

  /** Every row, newest first, at most {@code limit}. */
  public synchronized List<QueueRow> list(int limit) {
    return step("cannot read images_for_push", () -> rows("ORDER BY id DESC LIMIT ?", limit, null));
  }

  private List<QueueRow> rows(String where, Object parameter, Object second) throws SQLException {
    List<QueueRow> rows = new ArrayList<>();
    try (PreparedStatement q = db.prepareStatement("SELECT id, source_registry_url, orig_name_space, orig_image_name, platform,"
        + " push_status, push_attempts, push_error, add_time, claimed_by, claimed_at, claim_generation FROM images_for_push " + where)) {
      q.setObject(1, parameter);
      if (second != null) {
        q.setObject(2, second);
      }
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          Timestamp added = r.getTimestamp(9);
          Timestamp claimed = r.getTimestamp(11);
          Optional<String> heldBy = Optional.ofNullable(r.getString(10))
              .map(holder -> holder + (claimed == null ? "" : " since " + claimed.toLocalDateTime()));
          rows.add(new QueueRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getInt(6), r.getInt(7),
              Optional.ofNullable(r.getString(8)), Optional.ofNullable(added).map(Timestamp::toLocalDateTime), heldBy, r.getLong(12)));
        }
      }
    }
    return rows;
  }

  /** A tag a row was pushed as: for {@code pushed_images}. */
  public record Pushed(String source, String target, String digest, String platform) {}

  /**
   * Records what became of a claimed row, in one transaction: its status (and the reason when it
   * failed) and a {@code pushed_images} row per destination tag. A failure counts towards {@code
   * maxAttempts}; the last one allowed sets {@link QueueRow#GAVE_UP}.
   */
  public synchronized boolean finish(QueueRow row, Optional<String> failure, List<Pushed> pushed, int maxAttempts) {
    // Made again whole after a reconnect: a commit whose answer was lost finds the claim cleared
    // and does nothing more; one that never arrived was rolled back by the server.
    boolean[] recorded = {false};
    step("cannot record row " + row.id() + " of images_for_push", () -> {
      recorded[0] = finishOnce(row, failure, pushed, maxAttempts);
      return null;
    });
    return recorded[0];
  }

  /** Whether this claim recorded the row (false: the claim had passed to another run, which records it). */
  private boolean finishOnce(QueueRow row, Optional<String> failure, List<Pushed> pushed, int maxAttempts) throws SQLException {
    try {
      db.setAutoCommit(false);
      try (PreparedStatement u = db.prepareStatement("""
          UPDATE images_for_push SET push_status = ?, push_error = ?, push_attempts = push_attempts + ?,
                 pushed_time = CASE WHEN ? THEN NOW() ELSE pushed_time END, claimed_by = NULL, claimed_at = NULL, claim_batch = NULL
           WHERE id = ? AND claimed_by = ? AND claim_generation = ?""")) {
        int attempts = row.attempts() + (failure.isPresent() ? 1 : 0);
        int status = failure.isEmpty() ? QueueRow.PUSHED : attempts >= maxAttempts ? QueueRow.GAVE_UP : QueueRow.FAILED;
        u.setInt(1, status);
        u.setString(2, failure.map(ImageQueue::shorten).orElse(null));
        u.setInt(3, failure.isPresent() ? 1 : 0);
        u.setBoolean(4, failure.isEmpty());
        u.setLong(5, row.id());
        u.setString(6, runId);
        u.setLong(7, row.generation());
        if (u.executeUpdate() == 0) {
          // Our claim expired and another run took the row (or our own commit went through
          // before the connection dropped): it is recorded, not by this attempt.
          db.rollback();
          return false;
        }
      }
      if (!pushed.isEmpty()) {
        // Once per destination tag and content: a retry that finds a tag up to date adds no second row.
        try (PreparedStatement i = db.prepareStatement("""
            INSERT INTO pushed_images (image_id, source_image, target_image, digest, platform, pushed_time)
            SELECT ?, ?, ?, ?, ?, NOW() FROM DUAL WHERE NOT EXISTS
              (SELECT 1 FROM pushed_images WHERE image_id = ? AND target_image = ? AND digest <=> ?)""")) {
          for (Pushed p : pushed) {
            i.setLong(1, row.id());
            i.setString(2, p.source());
            i.setString(3, p.target());
            i.setString(4, p.digest());
            i.setString(5, p.platform());
            i.setLong(6, row.id());
            i.setString(7, p.target());
            i.setString(8, p.digest());
            i.executeUpdate(); // one by one: the driver's bulk protocol takes no INSERT ... SELECT
          }
        }
      }
      db.commit();
      return true;
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the connection is gone: nothing was committed
      }
      throw e;
    } finally {
      try {
        db.setAutoCommit(true);
      } catch (SQLException ignored) {
        // next use reports it
      }
    }
  }

  /** Gives back rows this run claimed and did not finish (a dry run, or a run that stops early). */
  public synchronized void release() {
    step("cannot release rows of images_for_push", () -> {
      try (PreparedStatement u = db.prepareStatement("UPDATE images_for_push SET claimed_by = NULL, claimed_at = NULL, claim_batch = NULL WHERE claimed_by = ?")) {
        u.setString(1, runId);
        return u.executeUpdate();
      }
    });
  }

  /** What {@link #add} did with one image. */
  public record Added(long id, boolean alreadyQueued) {}

  /**
   * Queues an image, as the webhook and the watchers do, unless the same image and platform is
   * already waiting (pending or failed, not given up).
   */
  public synchronized Added add(String registry, String namespace, String image, String platform) {
    return step("cannot add " + image + " to images_for_push", () -> addOnce(registry, namespace, image, platform));
  }

  private Added addOnce(String registry, String namespace, String image, String platform) throws SQLException {
    db.setAutoCommit(false);
    try {
      // Locks the matching rows (and the gap) so that two adds of one image at once add it once.
      try (PreparedStatement q = db.prepareStatement("""
          SELECT id FROM images_for_push WHERE source_registry_url = ? AND orig_name_space <=> ? AND orig_image_name = ?
             AND platform <=> ? AND push_status IN (0, 2) ORDER BY id LIMIT 1 FOR UPDATE""")) {
        q.setString(1, registry);
        q.setString(2, namespace);
        q.setString(3, image);
        q.setString(4, platform);
        try (ResultSet r = q.executeQuery()) {
          if (r.next()) {
            long id = r.getLong(1);
            db.commit();
            return new Added(id, true);
          }
        }
      }
      try (PreparedStatement i = db.prepareStatement(
          "INSERT INTO images_for_push (source_registry_url, orig_name_space, orig_image_name, platform, push_status) VALUES (?, ?, ?, ?, 0)",
          Statement.RETURN_GENERATED_KEYS)) {
        i.setString(1, registry);
        i.setString(2, namespace);
        i.setString(3, image);
        i.setString(4, platform);
        i.executeUpdate();
        try (ResultSet keys = i.getGeneratedKeys()) {
          keys.next();
          long id = keys.getLong(1);
          db.commit();
          return new Added(id, false);
        }
      }
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the connection is gone: nothing was committed
      }
      throw e;
    } finally {
      try {
        db.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the connection is gone: the next step connects anew
      }
    }
  }

  /**
   * Runs one database step; when the connection was lost (the database restarted, a failover, a
   * network break), connects again with a growing pause and runs it again, for up to {@link
   * #reconnectFor}; any other failure, or one past that, is the step's failure in words.
   */
  private <T> T step(String what, Step<T> body) {
    long deadline = System.nanoTime() + reconnectFor.toNanos();
    for (int attempt = 0; ; attempt++) {
      try {
        return body.run();
      } catch (SQLException e) {
        if (rolledBackToRunAgain(e) && System.nanoTime() <= deadline) {
          continue; // InnoDB rolled the step back because of another run's at the same moment: run it again
        }
        if (!lostConnection(e) || System.nanoTime() > deadline) {
          throw failure(what, e);
        }
        LOG.info("queue {}: the connection was lost ({}); connecting again", address, firstLine(e));
        reconnect(what, e, attempt, deadline);
      }
    }
  }

  private void reconnect(String what, SQLException lost, int attempt, long deadline) {
    for (int tries = attempt; ; tries++) {
      try {
        Thread.sleep(Math.min(8000, 250L << Math.min(tries, 5)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure(what, lost);
      }
      try {
        db.close();
      } catch (SQLException ignored) {
        // it was gone already
      }
      try {
        db = connector.connect();
        LOG.info("queue {}: connected again", address);
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw failure(what, e);
        }
      }
    }
  }

  /**
   * InnoDB rolled the step back because another run's was at it at the same moment: it chose this
   * statement to break a deadlock (1213), it waited too long for a lock (1205), or — two runs
   * recording rows into {@code pushed_images} at once (INSERT … SELECT) — it could not take the
   * table's auto-increment value (1467, MariaDB). Each step is one transaction, made whole again.
   */
  static boolean rolledBackToRunAgain(SQLException e) {
    return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || e.getErrorCode() == 1467 || "40001".equals(e.getSQLState());
  }

  /** The connection, not the statement, failed: SQL state class 08, or the driver's own kinds for it. */
  private static boolean lostConnection(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLNonTransientConnectionException || t instanceof java.sql.SQLTransientConnectionException
          || (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08"))) {
        return true;
      }
    }
    return false;
  }

  private QueueException failure(String what, SQLException e) {
    return new QueueException(what + " at " + address + ": " + firstLine(e), e);
  }

  private static String firstLine(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static String shorten(String s) {
    return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR - 3) + "...";
  }

  @Override
  public void close() {
    try {
      db.close();
    } catch (SQLException ignored) {
      // closing: nothing left to say
    }
  }

  private static String holder() {
    String id = ThisMachine.name() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    return id.length() <= 64 ? id : id.substring(id.length() - 64);
  }
}
