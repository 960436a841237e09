package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.SemverRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads image-syncer's {@code images.yaml} (or the same mapping spelled as a JSON object):
 * {@code SOURCE: DESTINATION} or {@code SOURCE: [DEST1, DEST2]}, with image-syncer's meaning of
 * the source's tag part:
 *
 * <ul>
 *   <li>{@code repo} — every tag of the repository;
 *   <li>{@code repo:a,b} — those tags; {@code repo@sha256:...} — that digest;
 *   <li>{@code repo:/REGEX/} — the tags the regular expression finds;
 *   <li>ours: {@code repo:semver(>=1.2 <2)}, {@code repo:newest(3)}, or both, comma-separated.
 * </ul>
 *
 * Destinations are full references used as written; one with a tag takes a single source tag.
 * A source key repeated (Azure and Aliyun in one file) reaches every destination, with a notice.
 */
final class ImageSyncerReader {

  private static final Pattern SEMVER = Pattern.compile("semver\\((.*)\\)");
  private static final Pattern NEWEST = Pattern.compile("newest\\((.*)\\)");

  private ImageSyncerReader() {}

  static List<SyncRule> read(String name, Located root, Naming naming, List<String> notices) {
    if (!(root instanceof Located.Obj mapping)) {
      throw InputException.at(root.at(), "expected a mapping of SOURCE: DESTINATION (image-syncer's images.yaml), found " + root.describe());
    }
    if (mapping.entries().isEmpty()) {
      throw InputException.at(root.at(), "the mapping has no images");
    }
    if (mapping.entry("services").isPresent() && mapping.entry("services").get().value() instanceof Located.Obj) {
      throw InputException.at(mapping.entry("services").get().keyAt(), "this looks like a docker compose file; pass it with --compose");
    }
    Map<String, List<Located.Entry>> byKey = new LinkedHashMap<>();
    for (Located.Entry e : mapping.entries()) {
      byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<String, List<Located.Entry>> repeated : byKey.entrySet()) {
      if (repeated.getValue().size() > 1) {
        notices.add(repeated.getValue().get(1).keyAt() + ": '" + repeated.getKey() + "' is listed "
            + repeated.getValue().size() + " times; it goes to every destination given (most YAML tools would keep only the last)");
      }
    }
    List<SyncRule> rules = new ArrayList<>();
    for (Located.Entry e : mapping.entries()) {
      rules.addAll(rules(e, naming));
    }
    return rules;
  }

  private static List<SyncRule> rules(Located.Entry e, Naming naming) {
    String at = e.keyAt();
    String key = e.key().strip();
    Source source = source(key, at);
    List<Located> values;
    if (e.value() instanceof Located.Arr a) {
      if (a.items().isEmpty()) {
        throw InputException.at(a.at(), "'" + key + "' has an empty list of destinations");
      }
      values = a.items();
    } else if (e.value() instanceof Located.Scalar s && s.kind() == Located.Scalar.Kind.NULL) {
      throw InputException.at(at, "'" + key + "' has no destination");
    } else {
      values = List.of(e.value());
    }
    List<SyncRule.Target> targets = new ArrayList<>();
    for (Located v : values) {
      String text = Values.string(v, "the destination of '" + key + "'");
      ImageReference dest = naming.fullTarget(text.strip(), v.at());
      if (dest.digest().isPresent()) {
        throw InputException.at(v.at(), "destination '" + text + "' has a digest; a destination takes tags only");
      }
      List<String> tags = dest.tag().map(List::of).orElse(List.of());
      boolean singleSourceTag = source.selection instanceof TagSelection.Fixed && source.fixedTags.size() <= 1;
      if (!tags.isEmpty() && !singleSourceTag) {
        throw InputException.at(v.at(), "destination '" + text + "' names a tag, but '" + key
            + "' selects several tags; leave the destination's tag out so that each keeps its name");
      }
      if (tags.isEmpty() && source.ref.digest().isPresent() && source.ref.tag().isEmpty()) {
        throw InputException.at(v.at(), "'" + key + "' is pinned by digest; give destination '" + text + "' a tag");
      }
      targets.add(new SyncRule.Target(ImageReference.repository(dest.registry(), dest.repository()), tags));
    }
    String origin = at.substring(0, at.lastIndexOf(':'));
    if (source.ref.digest().isPresent()) {
      return List.of(new SyncRule(source.ref, source.selection, targets, List.of(), origin));
    }
    if (source.fixedTags.size() > 1) {
      // "repo:a,b" is one rule per tag: a rule's source is one reference.
      return source.fixedTags.stream()
          .map(tag -> new SyncRule(source.ref.withTag(tag), source.selection, targets, List.of(), origin))
          .toList();
    }
    ImageReference ref = source.fixedTags.size() == 1 ? source.ref.withTag(source.fixedTags.get(0)) : source.ref;
    return List.of(new SyncRule(ref, source.selection, targets, List.of(), origin));
  }

  private record Source(ImageReference ref, TagSelection selection, List<String> fixedTags) {}

  private static Source source(String key, String at) {
    if (key.contains("://")) {
      throw InputException.at(at, "source '" + key + "' has a URL scheme; write it without one");
    }
    if (key.contains("@")) {
      return new Source(parse(key, at), new TagSelection.Fixed(), List.of());
    }
    String repo = key;
    String tagPart = null;
    int regex = key.indexOf(":/");
    if (regex > 0 && key.endsWith("/") && key.length() > regex + 3) {
      repo = key.substring(0, regex);
      tagPart = key.substring(regex + 1);
    } else {
      int slash = key.lastIndexOf('/');
      int colon = key.indexOf(':', slash + 1);
      if (colon >= 0) {
        repo = key.substring(0, colon);
        tagPart = key.substring(colon + 1);
      }
    }
    ImageReference ref = parse(repo, at);
    if (tagPart == null) {
      return new Source(ref, TagSelection.Listed.all(), List.of());
    }
    if (tagPart.startsWith("/")) {
      Pattern p = Values.regex(tagPart.substring(1, tagPart.length() - 1), at, "tag pattern in '" + key + "'");
      return new Source(ref, new TagSelection.Listed(Optional.of(p), Optional.empty(), OptionalInt.empty()), List.of());
    }
    Optional<SemverRange> range = Optional.empty();
    OptionalInt newest = OptionalInt.empty();
    List<String> tags = new ArrayList<>();
    for (String item : splitOutsideParentheses(tagPart)) {
      String t = item.strip();
      Matcher semver = SEMVER.matcher(t);
      Matcher n = NEWEST.matcher(t);
      if (semver.matches()) {
        try {
          range = Optional.of(SemverRange.parse(semver.group(1)));
        } catch (IllegalArgumentException e) {
          throw InputException.at(at, "'" + key + "': " + e.getMessage());
        }
      } else if (n.matches()) {
        if (!n.group(1).strip().matches("[1-9]\\d{0,5}")) {
          throw InputException.at(at, "'" + key + "': newest(N) takes a whole number from 1, found '" + n.group(1) + "'");
        }
        newest = OptionalInt.of(Integer.parseInt(n.group(1).strip()));
      } else {
        tags.add(t);
      }
    }
    if (!tags.isEmpty() && (range.isPresent() || newest.isPresent())) {
      throw InputException.at(at, "'" + key + "' mixes plain tags with semver()/newest(); use one or the other");
    }
    if (range.isPresent() || newest.isPresent()) {
      return new Source(ref, new TagSelection.Listed(Optional.empty(), range, newest), List.of());
    }
    Values.checkTags(tags, at, "tags of '" + key + "'");
    return new Source(ref, new TagSelection.Fixed(), List.copyOf(new java.util.LinkedHashSet<>(tags)));
  }

  private static ImageReference parse(String text, String at) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw InputException.at(at, e.getMessage());
    }
  }

  private static List<String> splitOutsideParentheses(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
