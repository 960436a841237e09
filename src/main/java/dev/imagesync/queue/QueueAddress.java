package dev.imagesync.queue;

import dev.imagesync.config.InputException;
import dev.imagesync.secrets.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * Where the queue's database is: {@code mysql://USER@HOST[:PORT]/DB[?OPTIONS]}, or {@code mysql}
 * alone for the variables the database workflow sets ({@code MYSQL_HOST}, {@code MYSQL_PORT},
 * {@code MYSQL_DB}, {@code MYSQL_USER}). The password comes only from {@code MYSQL_PASSWORD}: a
 * URL is visible in the process list and in CI logs, so one with a password is refused.
 *
 * @param options passed to the JDBC driver as they are ({@code sslMode=verify-full})
 */
public record QueueAddress(String host, int port, String database, String user, Optional<String> password, String options) {

  /** Parses {@code --queue VALUE}; {@link InputException} (exit 2) for what cannot be used. */
  public static QueueAddress parse(String value, Map<String, String> env) {
    String text = value.trim();
    Optional<String> password = Optional.ofNullable(env.get("MYSQL_PASSWORD")).filter(p -> !p.isEmpty());
    password.ifPresent(Secrets::register);
    if (text.equals("mysql")) {
      String host = required(env, "MYSQL_HOST");
      String db = required(env, "MYSQL_DB");
      String user = required(env, "MYSQL_USER");
      return new QueueAddress(host, port(env.getOrDefault("MYSQL_PORT", "3306").trim(), "MYSQL_PORT"), db, user, password, "");
    }
    if (!text.startsWith("mysql://")) {
      throw new InputException("--queue: '" + text + "' is not mysql://USER@HOST[:PORT]/DB or mysql (for the MYSQL_* variables)");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InputException("--queue: not a URL: " + e.getReason());
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      throw new InputException("--queue: the URL has a password; give it in MYSQL_PASSWORD instead (a URL shows in process lists and logs)");
    }
    String user = userInfo != null ? userInfo : env.getOrDefault("MYSQL_USER", "");
    if (user.isEmpty()) {
      throw new InputException("--queue: no user (mysql://USER@HOST/DB, or MYSQL_USER)");
    }
    if (uri.getHost() == null) {
      throw new InputException("--queue: no host in '" + text + "'");
    }
    String db = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (db.isEmpty() || db.contains("/")) {
      throw new InputException("--queue: no database in '" + text + "' (mysql://USER@HOST:PORT/DB)");
    }
    return new QueueAddress(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), db, user, password,
        uri.getRawQuery() == null ? "" : uri.getRawQuery());
  }

  private static String required(Map<String, String> env, String name) {
    String v = env.getOrDefault(name, "").trim();
    if (v.isEmpty()) {
      throw new InputException("--queue mysql: " + name + " is not set (MYSQL_HOST, MYSQL_PORT, MYSQL_DB, MYSQL_USER, MYSQL_PASSWORD)");
    }
    return v;
  }

  private static int port(String text, String what) {
    try {
      int p = Integer.parseInt(text);
      if (p >= 1 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException ignored) {
      // the message below
    }
    throw new InputException("--queue: " + what + " '" + text + "' is not a port (1 to 65535)");
  }

  /** The JDBC URL, without user or password (those go as properties). */
  String jdbcUrl() {
    return "jdbc:mariadb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database + (options.isEmpty() ? "" : "?" + options);
  }

  @Override
  public String toString() {
    return "mysql://" + user + "@" + host + ":" + port + "/" + database;
  }
}
