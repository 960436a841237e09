package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import java.util.List;

/**
 * An image named alone — a line of images.md, a compose service's {@code image:} — as a rule: no
 * tag means {@code latest} (docker's reading), and it lands under {@code --to} with its own tag.
 */
final class ImageLines {

  private ImageLines() {}

  /**
   * {@code text} is the reference as written, {@code at} its file:line:column, {@code origin} the
   * rule's origin, and {@code context} a prefix for messages (e.g. {@code service 'api': }).
   */
  static SyncRule rule(String text, String at, String origin, String context, Naming naming) {
    if (SyncRule.namesCatalog(text)) {
      // registry.example.com/team/*: every repository of the namespace, every tag.
      return CatalogSources.rule(text, at, context, TagSelection.Listed.all(), java.util.Optional.empty(), java.util.Optional.empty(),
          java.util.Optional.empty(), naming, new CatalogSources.SyncRuleOptions(List.of(), origin, false, false, false));
    }
    ImageReference source;
    try {
      source = ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw InputException.at(at, context + e.getMessage());
    }
    if (source.tag().isEmpty() && source.digest().isPresent()) {
      throw InputException.at(at, context + "'" + text + "' is pinned by digest only; add the tag to push it as (name:tag@sha256:...)");
    }
    if (source.tag().isEmpty()) {
      source = source.withTag("latest");
    }
    return new SyncRule(source, new TagSelection.Fixed(),
        List.of(new SyncRule.Target(naming.implicitTarget(source, at), List.of(source.tag().get()))), List.of(), origin);
  }
}
