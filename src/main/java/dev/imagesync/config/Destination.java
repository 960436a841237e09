package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import java.util.Map;
import java.util.Optional;

/**
 * Where images go: {@code REGISTRY[/NAMESPACE]} from {@code --to}, or from the {@code
 * ALIYUN_REGISTRY} and {@code ALIYUN_NAMESPACE} variables the existing workflows set.
 */
public record Destination(String registry, Optional<String> namespace) {

  /**
   * {@code --to} wins; otherwise {@code ALIYUN_REGISTRY} with {@code ALIYUN_NAMESPACE} (or the
   * {@code ALIYUN_NAME_SPACE} spelling some workflows use); otherwise none.
   */
  public static Optional<Destination> find(String to, Map<String, String> env) {
    if (to != null && !to.isBlank()) {
      return Optional.of(parse(to.trim(), "--to"));
    }
    String registry = env.getOrDefault("ALIYUN_REGISTRY", "").trim();
    if (registry.isEmpty()) {
      return Optional.empty();
    }
    String namespace = env.getOrDefault("ALIYUN_NAMESPACE", env.getOrDefault("ALIYUN_NAME_SPACE", "")).trim();
    String combined = namespace.isEmpty() ? registry : stripSlashes(registry) + "/" + stripSlashes(namespace);
    return Optional.of(parse(combined, "ALIYUN_REGISTRY/ALIYUN_NAMESPACE"));
  }

  /**
   * Parses {@code REGISTRY[/NAMESPACE]}, {@code oci:DIR} or {@code docker-archive:FILE}; {@code what}
   * names where it came from in messages.
   */
  public static Destination parse(String text, String what) {
    if (text.contains("://")) {
      throw new InputException(what + ": '" + text + "' has a URL scheme; write REGISTRY[/NAMESPACE] without one");
    }
    if (text.startsWith(ImageReference.DOCKER_ARCHIVE)) {
      // docker-archive:FILE: every image goes into one docker save tar, named as docker save names it.
      ImageReference file = local(text, what);
      if (file.tag().isPresent()) {
        throw new InputException(what + ": '" + text + "' names an image; --to names the archive (docker-archive:FILE), each image in it is "
            + "named by its source (nginx:1.25, ghcr.io/org/app:1)");
      }
      return new Destination(ImageReference.DOCKER_ARCHIVE + file.archiveFile(), Optional.empty());
    }
    if (text.startsWith(ImageReference.LAYOUT)) {
      // oci:DIR: every destination repository is an image layout directory under DIR.
      ImageReference dir = local(text, what);
      if (dir.tag().isPresent() || dir.digest().isPresent()) {
        throw new InputException(what + ": '" + text + "' has a tag; --to names the directory (oci:DIR), the tags come from the list");
      }
      return new Destination(ImageReference.LAYOUT + dir.layoutDirectory(), Optional.empty());
    }
    String t = stripSlashes(text);
    int slash = t.indexOf('/');
    String registry = slash < 0 ? t : t.substring(0, slash);
    Optional<String> namespace = slash < 0 ? Optional.empty() : Optional.of(t.substring(slash + 1));
    try {
      // Validates host and namespace with the same rules as any image reference.
      ImageReference.repository(registry, namespace.orElse("x"));
    } catch (IllegalArgumentException e) {
      throw new InputException(what + ": '" + text + "' is not REGISTRY[/NAMESPACE] (" + e.getMessage() + ")");
    }
    if (!registry.contains(".") && !registry.contains(":") && !registry.equals("localhost")) {
      throw new InputException(what + ": '" + text + "' does not start with a registry host (e.g. registry.cn-hangzhou.aliyuncs.com/myns)");
    }
    return new Destination(ImageReference.normaliseRegistry(registry), namespace);
  }

  /** An {@code oci:} or {@code docker-archive:} location; what is wrong with it is bad input naming {@code what}. */
  private static ImageReference local(String text, String what) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InputException(what + ": " + e.getMessage());
    }
  }

  private static String stripSlashes(String s) {
    String t = s;
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    while (t.startsWith("/")) {
      t = t.substring(1);
    }
    return t;
  }

  /**
   * The destination repository for a target name ({@code nginx} → {@code REGISTRY/NS/nginx}); into
   * a docker archive, the archive itself, whatever the name (its images are named by their sources).
   */
  public ImageReference repositoryFor(String target) {
    if (isDockerArchive()) {
      return ImageReference.parse(registry);
    }
    return ImageReference.repository(registry, namespace.map(ns -> ns + "/" + target).orElse(target));
  }

  /** Whether every image goes into one docker archive ({@code --to docker-archive:FILE}). */
  public boolean isDockerArchive() {
    return registry.startsWith(ImageReference.DOCKER_ARCHIVE);
  }

  @Override
  public String toString() {
    return registry + namespace.map(ns -> "/" + ns).orElse("");
  }
}
