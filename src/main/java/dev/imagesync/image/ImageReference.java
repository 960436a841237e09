package dev.imagesync.image;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised image reference: {@code registry/repository[:tag][@digest]}, as docker reads it
 * ({@code nginx} is {@code docker.io/library/nginx:latest}).
 *
 * <p>Plain value: parsing and printing only, no I/O.
 */
public record ImageReference(
    String registry, String repository, Optional<String> tag, Optional<Digest> digest) {

  public static final String DOCKER_HUB = "docker.io";

  /**
   * How an OCI image layout directory is named, as skopeo names it: {@code oci:DIR[:TAG]}. Held
   * as a repository {@code NAME} (the directory's last element) in the "registry" {@code
   * oci:PARENT}, so that {@code --to oci:DIR} puts repository {@code ns/app} in {@code DIR/ns/app}.
   */
  public static final String LAYOUT = "oci:";
  /** A {@code docker save} tar: {@code docker-archive:PATH[:NAME:TAG]}, as skopeo names it. */
  public static final String DOCKER_ARCHIVE = "docker-archive:";

  /** One path component of a repository, from the distribution spec. */
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  /**
   * A ref name of an OCI image layout ({@code org.opencontainers.image.ref.name}), as the
   * image-layout specification writes it: more than a registry tag allows ({@code a/b},
   * {@code a:b}, {@code v1.0+build.5}), and what skopeo and buildx write.
   */
  private static final Pattern REF_NAME = Pattern.compile(
      "[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*(?:/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*");

  /** A registry host: a DNS name or IPv4/IPv6 literal, optionally with a port. */
  private static final Pattern HOST =
      Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

  public ImageReference {
    if (tag.isPresent() && !isValidTag(tag.get()) && !((registry.startsWith(LAYOUT) || registry.startsWith(DOCKER_ARCHIVE))
        && isValidRefName(tag.get()))) {
      throw new IllegalArgumentException("invalid tag '" + tag.get() + "'");
    }
  }

  /**
   * Parses {@code text} as docker does. Throws {@link IllegalArgumentException} with a message that
   * says what is wrong in the user's terms.
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty image reference");
    }
    if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("image reference '" + text + "' contains white space");
    }
    if (text.contains("://")) {
      throw new IllegalArgumentException(
          "image reference '" + text + "' has a URL scheme; write it without one (e.g. ghcr.io/org/app:tag)");
    }
    if (text.startsWith(LAYOUT)) {
      return parseLayout(text);
    }
    if (text.startsWith(DOCKER_ARCHIVE)) {
      return parseDockerArchive(text);
    }
    String rest = text;
    Optional<Digest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      try {
        digest = Optional.of(Digest.parse(rest.substring(at + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image reference '" + text + "' has an invalid digest");
      }
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int lastSlash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
      String t = rest.substring(colon + 1);
      if (t.length() > 128) {
        throw new IllegalArgumentException(
            "image reference '" + shorten(text) + "' has a tag of " + t.length() + " characters (at most 128)");
      }
      if (!isValidTag(t)) {
        throw new IllegalArgumentException(
            "image reference '" + shorten(text) + "' has an invalid tag '" + t + "' (letters, digits, _ . -, not starting with . or -)");
      }
      tag = Optional.of(t);
      rest = rest.substring(0, colon);
    }
    String registry = DOCKER_HUB;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost") || first.startsWith("[")) {
        if (!HOST.matcher(first).matches()) {
          throw new IllegalArgumentException("image reference '" + text + "' has an invalid registry '" + first + "'");
        }
        int portAt = first.lastIndexOf(':');
        if (portAt > first.lastIndexOf(']')) {
          int port = Integer.parseInt(first.substring(portAt + 1)); // HOST allows 1 to 5 digits
          if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("image reference '" + text + "' has port " + port + " (a port is 1 to 65535)");
          }
        }
        registry = first;
        path = rest.substring(slash + 1);
      }
    }
    registry = normaliseRegistry(registry);
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    validateRepository(path, text);
    return new ImageReference(registry, path, tag, digest);
  }

  /**
   * {@code oci:DIR[:TAG]} or {@code oci:DIR@DIGEST}: the directory (relative to the working
   * directory, made absolute) and the tag, split at the first colon as skopeo does (a directory
   * name cannot hold one).
   */
  private static ImageReference parseLayout(String text) {
    String rest = text.substring(LAYOUT.length());
    Optional<Digest> digest = Optional.empty();
    int at = rest.lastIndexOf('@');
    if (at >= 0 && rest.substring(at + 1).matches("sha(256|512):.*")) { // else an @ of a ref name (a@b)
      try {
        digest = Optional.of(Digest.parse(rest.substring(at + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + shorten(text) + "' has an invalid digest");
      }
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int colon = rest.indexOf(':');
    if (colon >= 0) {
      String t = rest.substring(colon + 1);
      if (!isValidTag(t) && !isValidRefName(t)) {
        throw new IllegalArgumentException("'" + shorten(text) + "' has an invalid ref name '" + t
            + "' (letters and digits, joined by one of - . _ : @ + or --, parts separated by /)");
      }
      tag = Optional.of(t);
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("'" + shorten(text) + "' names no directory (oci:DIR[:TAG], e.g. oci:/mnt/images/nginx:1.25)");
    }
    java.nio.file.Path dir;
    try {
      dir = java.nio.file.Path.of(rest).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("'" + shorten(text) + "' is not a usable directory: " + e.getReason());
    }
    if (dir.getParent() == null || dir.getFileName() == null) {
      throw new IllegalArgumentException("'" + shorten(text) + "': an image layout cannot be the root directory");
    }
    return new ImageReference(LAYOUT + dir.getParent(), dir.getFileName().toString(), tag, digest);
  }

  /**
   * {@code docker-archive:PATH[:NAME:TAG]}: the tar file, and the image in it by the name docker
   * gives it ({@code nginx:1.25}, {@code ghcr.io/org/app:1}) — the "tag" of this reference. The
   * path holds no colon (split at the first, as skopeo does).
   */
  private static ImageReference parseDockerArchive(String text) {
    String rest = text.substring(DOCKER_ARCHIVE.length());
    Optional<String> name = Optional.empty();
    int colon = rest.indexOf(':');
    if (colon >= 0) {
      String n = rest.substring(colon + 1);
      if (!isValidRefName(n) || !n.contains(":")) {
        throw new IllegalArgumentException("'" + shorten(text) + "': the image in the archive is NAME:TAG (e.g. nginx:1.25), got '" + n + "'");
      }
      name = Optional.of(n);
      rest = rest.substring(0, colon);
    }
    if (rest.isEmpty()) {
      throw new IllegalArgumentException("'" + shorten(text) + "' names no file (docker-archive:PATH[:NAME:TAG], e.g. docker-archive:nginx.tar)");
    }
    java.nio.file.Path file;
    try {
      file = java.nio.file.Path.of(rest).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new IllegalArgumentException("'" + shorten(text) + "' is not a usable file name: " + e.getReason());
    }
    if (file.getParent() == null || file.getFileName() == null) {
      throw new IllegalArgumentException("'" + shorten(text) + "': a docker archive cannot be the root directory");
    }
    return new ImageReference(DOCKER_ARCHIVE + file.getParent(), file.getFileName().toString(), name, Optional.empty());
  }

  /**
   * Whether this names something on this machine — an OCI image layout directory ({@code oci:}) or
   * a docker archive ({@code docker-archive:}) — rather than a repository on a registry.
   */
  public boolean isLayout() {
    return registry.startsWith(LAYOUT) || registry.startsWith(DOCKER_ARCHIVE);
  }

  /** Whether this names a {@code docker save} tar ({@code docker-archive:}). */
  public boolean isDockerArchive() {
    return registry.startsWith(DOCKER_ARCHIVE);
  }

  /** The tar file of a {@code docker-archive:} reference. */
  public java.nio.file.Path archiveFile() {
    if (!isDockerArchive()) {
      throw new IllegalStateException(this + " is not a docker archive");
    }
    return java.nio.file.Path.of(registry.substring(DOCKER_ARCHIVE.length())).resolve(repository);
  }

  /** The image layout directory of an {@code oci:} reference. */
  public java.nio.file.Path layoutDirectory() {
    if (!registry.startsWith(LAYOUT)) {
      throw new IllegalStateException(this + " is not an image layout");
    }
    return java.nio.file.Path.of(registry.substring(LAYOUT.length())).resolve(repository);
  }

  /** Docker Hub answers to several names; they are one registry. */
  public static String normaliseRegistry(String registry) {
    return switch (registry) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
      default -> registry;
    };
  }

  private static void validateRepository(String path, String original) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("image reference '" + original + "' has no repository name");
    }
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "image reference '" + original + "' has an invalid repository name '" + path
                + "' (lower-case letters, digits and . _ - separators only)");
      }
    }
    if (path.length() > 255) {
      throw new IllegalArgumentException("repository name in '" + original + "' is longer than 255 characters");
    }
  }

  /** Long input echoed in a message is cut, so that the message stays one readable line. */
  static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  public static boolean isValidTag(String tag) {
    return TAG.matcher(tag).matches();
  }

  /** Whether {@code name} is a ref name an OCI image layout may hold (see {@link #REF_NAME}). */
  public static boolean isValidRefName(String name) {
    return REF_NAME.matcher(name).matches();
  }

  /**
   * A registry tag for {@code name} (a layout's ref name): itself when it is one, else with every
   * character a tag cannot hold made {@code -}, a leading {@code .} or {@code -} made {@code _},
   * cut to 128 characters ({@code a/b} → {@code a-b}, {@code v1.0+build.5} → {@code v1.0-build.5}).
   */
  public static String asTag(String name) {
    if (isValidTag(name)) {
      return name;
    }
    String t = name.replaceAll("[^A-Za-z0-9_.-]", "-");
    if (t.isEmpty() || t.charAt(0) == '.' || t.charAt(0) == '-') {
      t = "_" + t.substring(t.isEmpty() ? 0 : 1);
    }
    return t.length() > 128 ? t.substring(0, 128) : t;
  }

  /** A repository name on a registry, with no tag. Validates the name. */
  public static ImageReference repository(String registry, String repository) {
    if (registry.startsWith(LAYOUT) || registry.startsWith(DOCKER_ARCHIVE)) {
      // A directory under the layout root: any names the file system takes, but no way out of it.
      if (repository.isEmpty() || java.util.Arrays.asList(repository.split("/")).stream().anyMatch(c -> c.isEmpty() || c.equals("..") || c.equals("."))) {
        throw new IllegalArgumentException("'" + repository + "' is not a directory name under " + registry);
      }
      return new ImageReference(registry, repository, Optional.empty(), Optional.empty());
    }
    validateRepository(repository, registry + "/" + repository);
    return new ImageReference(normaliseRegistry(registry), repository, Optional.empty(), Optional.empty());
  }

  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, Optional.of(newTag), Optional.empty());
  }

  /** The tag or digest to ask the registry for: the digest when pinned, else the tag, else latest. */
  public String manifestReference() {
    return digest.map(Digest::toString).orElse(tag.orElse("latest"));
  }

  /** registry/repository, without tag or digest. */
  public String repositoryName() {
    return registry + "/" + repository;
  }

  /** The last path element of the repository ({@code vllm/vllm-openai} → {@code vllm-openai}). */
  /**
   * The name {@code docker save} gives this image in an archive, without its tag: {@code nginx} for
   * docker.io/library/nginx, {@code org/app} for docker.io/org/app, else registry/repository; for
   * an image read from a docker archive, the name it had there; for a layout, its directory's.
   */
  public String dockerSaveName() {
    if (isDockerArchive()) {
      return tag.filter(n -> n.contains(":")).map(n -> n.substring(0, n.lastIndexOf(':'))).orElse("image");
    }
    if (isLayout()) {
      return lastPathElement();
    }
    if (registry.equals(DOCKER_HUB)) {
      return repository.startsWith("library/") ? repository.substring("library/".length()) : repository;
    }
    return registry + "/" + repository;
  }

  public String lastPathElement() {
    return repository.substring(repository.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return registry + "/" + repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }
}
