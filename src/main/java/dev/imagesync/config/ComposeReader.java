package dev.imagesync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code image:} of every service in a docker compose file (how Dify's images get
 * mirrored). Compose variables ({@code ${TAG}}, {@code ${TAG:-1.0}}, {@code $TAG}) are filled in
 * from the environment as compose does; services without an image (build only) are skipped.
 */
final class ComposeReader {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)|\\$\\$");

  private ComposeReader() {}

  private static boolean isAlias(Located value) {
    return value instanceof Located.Scalar s && s.kind() == Located.Scalar.Kind.ALIAS;
  }

  static List<SyncRule> read(String name, Located root, Naming naming, Map<String, String> env) {
    if (!(root instanceof Located.Obj doc)) {
      throw InputException.at(root.at(), "expected a compose file (a mapping with 'services'), found " + root.describe());
    }
    Located.Entry services = doc.entry("services")
        .orElseThrow(() -> InputException.at(root.at(), "no 'services' in this compose file"));
    if (!(services.value() instanceof Located.Obj byName)) {
      throw InputException.at(services.value().at(), "'services' must be a mapping of service names, found " + services.value().describe());
    }
    List<SyncRule> rules = new ArrayList<>();
    for (Located.Entry service : byName.entries()) {
      if (isAlias(service.value()) || (service.value() instanceof Located.Obj d && d.entry("image").isEmpty() && d.entry("<<").isPresent())) {
        // imagesync never expands YAML aliases; an image hidden behind one would be missed silently.
        throw InputException.at(service.value().at(), "service '" + service.key() + "' takes its settings from a YAML alias; "
            + "imagesync does not expand aliases: write its image: out");
      }
      if (!(service.value() instanceof Located.Obj definition)) {
        throw InputException.at(service.value().at(), "service '" + service.key() + "' must be a mapping, found " + service.value().describe());
      }
      var image = definition.entry("image");
      if (image.isEmpty()) {
        continue;
      }
      Located value = image.get().value();
      if (isAlias(value)) {
        throw InputException.at(value.at(), "service '" + service.key() + "': 'image' is a YAML alias (*" + ((Located.Scalar) value).text()
            + "); imagesync does not expand aliases: write the image out");
      }
      String text = interpolate(Values.string(value, "service '" + service.key() + "': 'image'"), value.at(), env);
      String origin = value.at().substring(0, value.at().lastIndexOf(':'));
      rules.add(ImageLines.rule(text.strip(), value.at(), origin, "service '" + service.key() + "': ", naming));
    }
    if (rules.isEmpty()) {
      throw new InputException(name + ": no service has an 'image'");
    }
    return rules;
  }

  /** Fills in ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, $VAR and $$. Messages name variables, never values. */
  static String interpolate(String text, String at, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String var = m.group(1) != null ? m.group(1) : m.group(4);
        String op = m.group(2);
        String arg = m.group(3) == null ? "" : m.group(3);
        String value = env.get(var);
        boolean unset = value == null;
        boolean empty = unset || value.isEmpty();
        if (op == null) {
          if (unset) {
            throw InputException.at(at, "variable " + var + " is not set (give it a default: ${" + var + ":-value})");
          }
          replacement = value;
        } else if (op.equals(":-")) {
          replacement = empty ? arg : value;
        } else if (op.equals("-")) {
          replacement = unset ? arg : value;
        } else {
          if (op.equals(":?") ? empty : unset) {
            throw InputException.at(at, "variable " + var + " is required" + (arg.isEmpty() ? "" : ": " + arg));
          }
          replacement = value;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
