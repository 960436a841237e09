package dev.imagesync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Host names of the internet mapped to 127.0.0.1 in /etc/hosts, so that a test registry is named
 * as a hosted one is (an ECR host, whose name is what tells imagesync it is ECR) and is spoken to
 * as one (TLS, no plain-HTTP probe) — while every byte stays on the loopback. The line is added
 * when missing: CI runs as root; elsewhere the failure says which line to add.
 */
public final class LoopbackNames {

  private static final Path HOSTS = Path.of("/etc/hosts");

  private LoopbackNames() {}

  public static synchronized void map(String host) {
    try {
      String hosts = Files.readString(HOSTS, StandardCharsets.UTF_8);
      Pattern mapped = Pattern.compile("(?m)^127\\.0\\.0\\.1\\s+(?:\\S+\\s+)*" + Pattern.quote(host) + "(\\s|$)");
      if (mapped.matcher(hosts).find()) {
        return;
      }
      Files.writeString(HOSTS, (hosts.endsWith("\n") ? "" : "\n") + "127.0.0.1 " + host + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("this test names a registry as the internet does: add to /etc/hosts the line \"127.0.0.1 " + host
          + "\" (CI runs as root and adds it itself): " + e, e);
    }
  }
}
