package dev.imagesync.config;

import dev.imagesync.registry.PrefixCredentials;
import dev.imagesync.registry.RegistryCredential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads image-syncer's {@code auth.yaml} (or its JSON spelling): keys are a registry host or
 * {@code host/namespace}; values hold {@code username}, {@code password} and {@code insecure}.
 * {@code ${VAR}} in values is filled in from the environment; every other {@code $} is itself, as
 * Harbor's robot accounts ({@code robot$proj+ci}) and many passwords have one ({@code $${} writes
 * {@code ${}).
 */
public final class AuthFileReader {

  /** The credentials, the hosts marked {@code insecure: true}, and per registry the mirror its {@code mirror} names. */
  public record AuthFile(List<PrefixCredentials.Entry> entries, Set<String> insecureHosts, java.util.Map<String, String> mirrors) {}

  private static final Set<String> FIELDS = Set.of("username", "password", "insecure", "mirror");

  private AuthFileReader() {}

  public static AuthFile read(Path file, Map<String, String> env) {
    String name = file.toString();
    Located root = LocatedParser.parse(name, InputFiles.readText(file), LocatedParser.Syntax.YAML)
        .orElseThrow(() -> new InputException(name + ": the file is empty"));
    if (!(root instanceof Located.Obj registries)) {
      throw InputException.at(root.at(), "expected a mapping of REGISTRY: {username, password}, found " + root.describe());
    }
    List<PrefixCredentials.Entry> entries = new ArrayList<>();
    Set<String> insecure = new java.util.LinkedHashSet<>();
    java.util.Map<String, String> mirrors = new java.util.LinkedHashMap<>();
    for (Located.Entry e : registries.entries()) {
      String key = e.key().strip();
      if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
        throw InputException.at(e.keyAt(), "'" + key + "' is not a registry (host or host/namespace)");
      }
      if (!(e.value() instanceof Located.Obj fields)) {
        throw InputException.at(e.value().at(), "'" + key + "' must hold username and password, found " + e.value().describe());
      }
      for (Located.Entry f : fields.entries()) {
        if (!FIELDS.contains(f.key())) {
          throw InputException.at(f.keyAt(), "'" + key + "': unknown field '" + f.key() + "' (known: username, password, insecure, mirror)");
        }
      }
      Optional<String> user = fields.entry("username").map(f -> interpolate(Values.string(f.value(), "'" + key + "': username"), f.value().at(), env));
      Optional<String> password = fields.entry("password").map(f -> interpolate(passwordText(f.value(), key), f.value().at(), env));
      if (user.isPresent() != password.isPresent()) {
        throw InputException.at(e.keyAt(), "'" + key + "' needs both username and password");
      }
      if (fields.entry("insecure").map(f -> Values.bool(f.value(), "'" + key + "': insecure")).orElse(false)) {
        insecure.add(key.replaceAll("/.*$", ""));
      }
      Optional<Located.Entry> mirror = fields.entry("mirror");
      if (mirror.isPresent()) {
        if (key.contains("/")) {
          throw InputException.at(mirror.get().keyAt(), "'" + key + "': a mirror is for a whole registry: put it under its host");
        }
        mirrors.put(key, interpolate(Values.string(mirror.get().value(), "'" + key + "': mirror"), mirror.get().value().at(), env));
      }
      if (mirror.isEmpty() || fields.entries().size() > 1) { // a mirror alone says nothing of credentials
        entries.add(new PrefixCredentials.Entry(key,
            user.map(u -> new RegistryCredential(u, password.orElseThrow()))));
      }
    }
    return new AuthFile(List.copyOf(entries), Set.copyOf(insecure), java.util.Map.copyOf(mirrors));
  }

  private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  /**
   * {@code ${NAME}} from the environment (unset: bad input naming the place); {@code $${} is a
   * literal {@code ${}; any other {@code $} stays as written. Not compose's rules: there a bare
   * {@code $name} is a variable, and a robot account's name would be cut at its {@code $}.
   */
  static String interpolate(String text, String at, Map<String, String> env) {
    java.util.regex.Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group(1) == null) {
        replacement = "${";
      } else {
        replacement = env.get(m.group(1));
        if (replacement == null) {
          throw InputException.at(at, "variable " + m.group(1) + " is not set");
        }
      }
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Passwords are strings; a purely numeric one written without quotes is taken as written. */
  private static String passwordText(Located v, String key) {
    if (v instanceof Located.Scalar s && s.kind() == Located.Scalar.Kind.NUMBER) {
      return s.text();
    }
    return Values.string(v, "'" + key + "': password");
  }
}
