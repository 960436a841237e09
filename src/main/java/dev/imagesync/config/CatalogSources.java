package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A source naming every repository under a namespace of a registry, {@code
 * registry.example.com/team/*} (nested repositories included), as a rule the planner expands from
 * the registry's catalog. Each repository lands where a source named alone would (the
 * destination prefix, its last element or with {@code --keep-path} its whole path), or, with an
 * explicit target {@code T}, at {@code T} plus its path under the namespace.
 */
final class CatalogSources {

  private CatalogSources() {}

  /** The rule of {@code text} ({@code REGISTRY/NAMESPACE/*}), as {@code at} writes it. */
  static SyncRule rule(String text, String at, String context, TagSelection.Listed selection, Optional<Pattern> include,
      Optional<Pattern> exclude, Optional<ImageReference> target, Naming naming, SyncRuleOptions options) {
    String rest = text.substring(0, text.length() - 2);
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    if (slash < 0 || !(first.contains(".") || first.contains(":") || first.equals("localhost"))) {
      throw InputException.at(at, context + "'" + text + "' names Docker Hub, which lists no repositories; name a registry and a namespace:"
          + " registry.example.com/team/*");
    }
    String prefix = rest.substring(slash + 1);
    if (prefix.isEmpty()) {
      throw InputException.at(at, context + "'" + text + "': name a namespace (" + first + "/NAMESPACE/*); a whole registry is not listed");
    }
    ImageReference namespace;
    try {
      namespace = ImageReference.repository(first, prefix);
    } catch (IllegalArgumentException e) {
      throw InputException.at(at, context + "'" + text + "': " + e.getMessage());
    }
    Function<ImageReference, ImageReference> destinationOf = target
        .<Function<ImageReference, ImageReference>>map(t -> source -> ImageReference.repository(t.registry(),
            t.repository() + source.repository().substring(prefix.length())))
        .orElse(source -> naming.implicitTarget(source, at));
    SyncRule.Catalog catalog = new SyncRule.Catalog(namespace.registry(), prefix, include, exclude, destinationOf);
    return new SyncRule(namespace, selection, List.of(), options.platforms(), options.origin(), options.referrers(), options.strictPlatforms(),
        options.prune(), Optional.of(catalog), options.verify());
  }

  /** What an entry says besides its source and selection. */
  record SyncRuleOptions(List<dev.imagesync.image.Platform> platforms, String origin, boolean referrers, boolean strictPlatforms, boolean prune,
      Optional<Verification> verify) {

    SyncRuleOptions(List<dev.imagesync.image.Platform> platforms, String origin, boolean referrers, boolean strictPlatforms, boolean prune) {
      this(platforms, origin, referrers, strictPlatforms, prune, Optional.empty());
    }
  }
}
