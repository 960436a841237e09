package dev.imagesync.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables a compose file is filled in with, as {@code docker compose} reads them: the
 * {@code .env} file of the project (beside the compose file), overridden by the environment.
 * A {@code .env} line is {@code KEY=VALUE} (an {@code export } in front is allowed); blank lines
 * and {@code #} comments are skipped; a value may be quoted ({@code "…"} or {@code '…'}), and an
 * unquoted one ends at {@code  #}.
 */
final class ComposeEnvironment {

  private ComposeEnvironment() {}

  static Map<String, String> forFile(Path composeFile, Map<String, String> env) {
    Path parent = composeFile.toAbsolutePath().getParent();
    Path dotEnv = parent == null ? null : parent.resolve(".env");
    if (dotEnv == null || !Files.isRegularFile(dotEnv)) {
      return env;
    }
    Map<String, String> all = new HashMap<>(read(dotEnv, InputFiles.readText(dotEnv)));
    all.putAll(env); // the shell's variables win, as in compose
    return all;
  }

  static Map<String, String> read(Path file, String text) {
    Map<String, String> values = new HashMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
        throw InputException.at(file + ":" + (i + 1), "expected KEY=VALUE");
      }
      values.put(key, value(line.substring(eq + 1).strip()));
    }
    return values;
  }

  private static String value(String raw) {
    if (raw.length() >= 2 && (raw.startsWith("\"") && raw.endsWith("\"") || raw.startsWith("'") && raw.endsWith("'"))) {
      String inner = raw.substring(1, raw.length() - 1);
      return raw.startsWith("\"") ? inner.replace("\\n", "\n").replace("\\\"", "\"") : inner;
    }
    int comment = raw.indexOf(" #");
    return (comment < 0 ? raw : raw.substring(0, comment)).strip();
  }
}
