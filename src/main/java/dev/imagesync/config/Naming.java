package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a source lands when the input does not spell the whole destination out, and the repair
 * of destination names that registries would refuse. One instance per command run; it collects
 * notices (repairs) for the user.
 *
 * <ul>
 *   <li>No explicit target: {@code --to REGISTRY/NAMESPACE} plus the last path element of the
 *       source repository ({@code vllm/vllm-openai} → {@code NS/vllm-openai}; ACR allows exactly
 *       {@code namespace/repo}), or the whole source path with {@code --keep-path}.
 *   <li>images.json {@code target}: that name under {@code --to}; or, when its first component is a
 *       registry host ({@code registry.example.com/ns/app}, {@code 127.0.0.1:5000/app}), that
 *       repository as written (the failed list writes targets so).
 *   <li>Full references (mapping right-hand sides, images.yaml values, {@code copy}'s
 *       destination): used as written.
 * </ul>
 */
public final class Naming {

  private final Optional<Destination> destination;
  private final boolean keepPath;
  private final List<String> notices = new ArrayList<>();

  public Naming(Optional<Destination> destination, boolean keepPath) {
    this.destination = destination;
    this.keepPath = keepPath;
  }

  public List<String> notices() {
    return List.copyOf(notices);
  }

  /** The destination repository for {@code source} when the input names none. */
  public ImageReference implicitTarget(ImageReference source, String where) {
    String path = keepPath ? source.repository() : source.lastPathElement();
    return underDestination(path, where);
  }

  /** A target as images.json writes it: a name under {@code --to}, or a whole repository with its registry. */
  public ImageReference namedTarget(String name, String where) {
    if (name.startsWith(ImageReference.LAYOUT)) {
      try {
        ImageReference layout = ImageReference.parse(name);
        if (layout.tag().isPresent() || layout.digest().isPresent()) {
          throw InputException.at(where, "'target' is a directory without tag or digest ('" + name + "'); list destination tags in 'tags'");
        }
        return layout;
      } catch (IllegalArgumentException invalid) {
        throw InputException.at(where, "'target': " + invalid.getMessage());
      }
    }
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
    String path = hasRegistry ? name.substring(slash + 1) : name;
    if (path.contains(":") || path.contains("@")) {
      throw InputException.at(where, "'target' is a repository name without tag or digest ('" + name
          + "'); list destination tags in 'tags'");
    }
    if (hasRegistry) {
      try {
        return ImageReference.repository(first, repairPath(path, where));
      } catch (IllegalArgumentException invalid) {
        throw InputException.at(where, "'target': " + invalid.getMessage());
      }
    }
    return underDestination(repairPath(name, where), where);
  }

  private ImageReference underDestination(String path, String where) {
    Destination d = destination.orElseThrow(() -> InputException.at(where,
        "no destination for this entry: pass --to REGISTRY[/NAMESPACE] or set ALIYUN_REGISTRY (and ALIYUN_NAMESPACE)"));
    return d.repositoryFor(path);
  }

  /**
   * A full destination reference as written ({@code myrepo/nginx:stable}); the registry defaults
   * to Docker Hub, as docker reads it. The repository path is repaired if needed.
   */
  public ImageReference fullTarget(String text, String where) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException invalid) {
      String repaired = repairReference(text, where);
      try {
        return ImageReference.parse(repaired);
      } catch (IllegalArgumentException stillInvalid) {
        throw InputException.at(where, invalid.getMessage());
      }
    }
  }

  private String repairReference(String text, String where) {
    if (text.contains("://") || text.chars().anyMatch(Character::isWhitespace) || text.contains("@")) {
      return text; // not a naming slip: let the parser's message say what is wrong
    }
    int slash = text.indexOf('/');
    String first = slash < 0 ? "" : text.substring(0, slash);
    boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
    String registry = hasRegistry ? first + "/" : "";
    String rest = hasRegistry ? text.substring(slash + 1) : text;
    int colon = rest.lastIndexOf(':');
    String tag = colon >= 0 ? rest.substring(colon) : "";
    String path = colon >= 0 ? rest.substring(0, colon) : rest;
    return registry + repairPath(path, where) + tag;
  }

  /**
   * A repository path registries accept: lower case, and runs of characters the distribution
   * spec forbids replaced by {@code -}. Says so when it changed anything.
   */
  String repairPath(String path, String where) {
    String fixed = repair(path);
    if (fixed.isEmpty()) {
      throw InputException.at(where, "'" + path + "' is not a usable repository name");
    }
    if (!fixed.equals(path)) {
      notices.add(where + ": destination name '" + path + "' repaired to '" + fixed + "'");
    }
    return fixed;
  }

  static String repair(String path) {
    List<String> components = new ArrayList<>();
    for (String c : path.toLowerCase(Locale.ROOT).split("/")) {
      String r = c.replaceAll("[^a-z0-9._-]+", "-")
          .replaceAll("[._-]{2,}", "-")   // separators may not repeat (except "__", rare enough to fold)
          .replaceAll("^[._-]+|[._-]+$", "");
      if (!r.isEmpty()) {
        components.add(r);
      }
    }
    return String.join("/", components);
  }
}
