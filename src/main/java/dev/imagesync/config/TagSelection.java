package dev.imagesync.config;

import dev.imagesync.image.SemverRange;
import dev.imagesync.image.Version;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Which tags of a source repository a rule takes. */
public sealed interface TagSelection permits TagSelection.Fixed, TagSelection.Listed {

  /** Tags named in the input (or the digest the source is pinned to): no listing needed. */
  record Fixed() implements TagSelection {}

  /**
   * Tags found by listing the source repository, filtered: by a regular expression, by a semantic
   * version range, and/or only the newest N semantic versions. No filter at all means every tag.
   */
  record Listed(Optional<Pattern> pattern, Optional<SemverRange> range, OptionalInt newest) implements TagSelection {

    public static Listed all() {
      return new Listed(Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    /**
     * Applies the filters to the tags a registry listed. Registries list in no promised order, so
     * plain selections come sorted by name and semver selections newest first.
     */
    public List<String> select(List<String> tags) {
      List<String> matching = tags.stream().distinct().filter(t -> pattern.map(p -> p.matcher(t).find()).orElse(true)).sorted().toList();
      if (range.isEmpty() && newest.isEmpty()) {
        return matching;
      }
      List<String> versions =
          matching.stream()
              .filter(t -> Version.parse(t).filter(v -> range.map(r -> r.contains(v)).orElse(true)).isPresent())
              .sorted(Comparator.comparing((String t) -> Version.parse(t).orElseThrow()).reversed().thenComparing(Comparator.naturalOrder()))
              .toList();
      return newest.isPresent() ? versions.subList(0, Math.min(newest.getAsInt(), versions.size())) : versions;
    }

    /**
     * Whether {@code tag} is of the kind this selection takes — its pattern and version range
     * (with a version filter, only versions) — whatever the newest-N cut: what pruning may delete.
     */
    public boolean admits(String tag) {
      if (!pattern.map(p -> p.matcher(tag).find()).orElse(true)) {
        return false;
      }
      return range.isEmpty() && newest.isEmpty() || Version.parse(tag).filter(v -> range.map(r -> r.contains(v)).orElse(true)).isPresent();
    }

    /** How the selection reads in plans and errors. */
    public String describe() {
      StringBuilder b = new StringBuilder();
      pattern.ifPresent(p -> b.append("tags matching /").append(p.pattern()).append('/'));
      range.ifPresent(r -> b.append(b.isEmpty() ? "" : ", ").append("versions ").append(r));
      newest.ifPresent(n -> b.append(b.isEmpty() ? "" : ", ").append("newest ").append(n));
      return b.isEmpty() ? "every tag" : b.toString();
    }
  }
}
