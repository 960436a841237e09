package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads mapping strings, as {@code --mapping} and {@code DOCKER_SYNC_MAPPINGS} hold them:
 * {@code SOURCE[:TAG]=DESTINATION[:TAG]} items separated by commas or newlines. No source tag
 * means {@code latest}; no destination tag means the source's. The destination is a full reference
 * used as written ({@code myrepo/nginx} is Docker Hub's, as docker reads it).
 */
final class MappingReader {

  private MappingReader() {}

  /** {@code what} names where the text came from in messages ({@code --mapping}, the variable). */
  static List<SyncRule> read(String what, String text, Naming naming) {
    List<SyncRule> rules = new ArrayList<>();
    int item = 0;
    for (String raw : text.split("[,\\r\\n]+")) {
      String s = raw.strip();
      if (s.isEmpty()) {
        continue;
      }
      item++;
      String where = what + " item " + item + " ('" + shorten(s) + "')";
      int eq = s.indexOf('=');
      if (eq < 0) {
        throw new InputException(where + ": no '=' (expected SOURCE=DESTINATION, e.g. nginx=myrepo/nginx)");
      }
      if (s.indexOf('=', eq + 1) >= 0) {
        throw new InputException(where + ": more than one '=' (separate mappings with commas)");
      }
      String left = s.substring(0, eq).strip();
      String right = s.substring(eq + 1).strip();
      if (left.isEmpty() || right.isEmpty()) {
        throw new InputException(where + ": " + (left.isEmpty() ? "the source" : "the destination") + " is empty");
      }
      ImageReference source;
      try {
        source = ImageReference.parse(left);
      } catch (IllegalArgumentException e) {
        throw new InputException(where + ": source: " + e.getMessage());
      }
      if (source.tag().isEmpty() && source.digest().isEmpty()) {
        source = source.withTag("latest");
      }
      ImageReference dest = naming.fullTarget(right, where);
      if (dest.digest().isPresent()) {
        throw new InputException(where + ": the destination has a digest; a destination takes a tag only");
      }
      if (dest.tag().isEmpty() && source.tag().isEmpty()) {
        throw new InputException(where + ": the source is pinned by digest; give the destination a tag");
      }
      List<String> tags = List.of(dest.tag().isPresent() ? dest.tag().get() : source.tag().orElseThrow());
      rules.add(new SyncRule(source, new TagSelection.Fixed(),
          List.of(new SyncRule.Target(ImageReference.repository(dest.registry(), dest.repository()), tags)), List.of(), where));
    }
    if (rules.isEmpty()) {
      throw new InputException(what + ": no mappings (expected SOURCE=DESTINATION, ...)");
    }
    return rules;
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
