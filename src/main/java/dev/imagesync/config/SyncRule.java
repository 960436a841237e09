package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Platform;
import java.util.List;
import java.util.Optional;

/**
 * One line of a user's list, as written: a source repository with the tags to take from it, and
 * where they go. The planner turns rules into {@link SyncJob}s, listing source tags when the
 * selection asks for it.
 *
 * @param source the source image; its tag or digest is the fixed selection, when there is one
 * @param selection which source tags
 * @param targets where each selected tag goes
 * @param platforms the platforms to copy; empty means all
 * @param origin {@code file:line} (or {@code --mapping}, ...) for messages
 * @param referrers whether signatures, attestations and SBOMs referring to the images go too
 * @param strictPlatforms whether a platform the source lacks fails the entry ({@code
 *     strictPlatforms} in images.json, {@code --strict-platforms}); else it is one warning
 * @param prune whether destination tags the selection takes that are gone at the source are
 *     deleted ({@code prune} in images.json, {@code --prune}); only for a listed selection
 * @param catalog for a source naming many repositories ({@code registry/team/*}): which, and
 *     where each goes; {@code source} is then the prefix, and each listed repository becomes a
 *     rule of its own ({@link Catalog#ruleFor})
 */
public record SyncRule(
    ImageReference source, TagSelection selection, List<Target> targets, List<Platform> platforms,
    String origin, boolean referrers, boolean strictPlatforms, boolean prune, Optional<Catalog> catalog, Optional<Verification> verify) {

  /** A rule that asks for no signature. */
  public SyncRule(ImageReference source, TagSelection selection, List<Target> targets, List<Platform> platforms, String origin,
      boolean referrers, boolean strictPlatforms, boolean prune, Optional<Catalog> catalog) {
    this(source, selection, targets, platforms, origin, referrers, strictPlatforms, prune, catalog, Optional.empty());
  }

  /** A rule without referrers of its own (the {@code --referrers} flag may still ask for them). */
  public SyncRule(ImageReference source, TagSelection selection, List<Target> targets, List<Platform> platforms, String origin) {
    this(source, selection, targets, platforms, origin, false, false);
  }

  public SyncRule(ImageReference source, TagSelection selection, List<Target> targets, List<Platform> platforms, String origin,
      boolean referrers) {
    this(source, selection, targets, platforms, origin, referrers, false);
  }

  public SyncRule(ImageReference source, TagSelection selection, List<Target> targets, List<Platform> platforms, String origin,
      boolean referrers, boolean strictPlatforms) {
    this(source, selection, targets, platforms, origin, referrers, strictPlatforms, false, Optional.empty());
  }

  /** The same rule, failing where a platform it asks for is missing. */
  public SyncRule strict() {
    return new SyncRule(source, selection, targets, platforms, origin, referrers, true, prune, catalog, verify);
  }

  /** The same rule, pruning (where its selection is listed: a fixed one has nothing to prune). */
  public SyncRule pruning() {
    return new SyncRule(source, selection, targets, platforms, origin, referrers, strictPlatforms, selection instanceof TagSelection.Listed, catalog,
        verify);
  }

  /** The same rule, its keyless verification trusting {@code root} when it names no root of its own. */
  public SyncRule trusting(dev.imagesync.image.TrustedRoot root) {
    return verify.isEmpty() ? this : new SyncRule(source, selection, targets, platforms, origin, referrers, strictPlatforms, prune, catalog,
        Optional.of(verify.get().withTrustedRoot(root)));
  }

  /** The same rule, copying only images {@code v} verifies (unless the rule names a verification of its own). */
  public SyncRule verifying(Verification v) {
    return verify.isPresent() ? this : new SyncRule(source, selection, targets, platforms, origin, referrers, strictPlatforms, prune, catalog,
        Optional.of(v));
  }

  /**
   * The repositories under a prefix of a registry, from its catalog: those {@code include}
   * matches and {@code exclude} does not, each going where {@code naming} says.
   */
  public record Catalog(String registry, String prefix, Optional<java.util.regex.Pattern> include, Optional<java.util.regex.Pattern> exclude,
      java.util.function.Function<ImageReference, ImageReference> naming) {

    /** The rule for one repository the catalog listed (a name under the prefix), or empty when the filters leave it out. */
    public Optional<SyncRule> ruleFor(String repository, SyncRule template) {
      if (include.isPresent() && !include.get().matcher(repository).find() || exclude.isPresent() && exclude.get().matcher(repository).find()) {
        return Optional.empty();
      }
      ImageReference source = ImageReference.repository(registry, repository);
      return Optional.of(new SyncRule(source, template.selection(), List.of(Target.sameTags(naming.apply(source))), template.platforms(),
          template.origin(), template.referrers(), template.strictPlatforms(), template.prune(), Optional.empty(), template.verify()));
    }
  }

  public SyncRule {
    targets = List.copyOf(targets);
    platforms = List.copyOf(platforms);
  }

  /** A source naming many repositories: {@code registry.example.com/team/*}. */
  public static boolean namesCatalog(String text) {
    return text.endsWith("/*");
  }

  /**
   * A destination repository and, optionally, the tags to push a single source tag as. With no
   * tags, each source tag keeps its own name.
   */
  public record Target(ImageReference repository, List<String> tags) {
    public Target {
      tags = List.copyOf(tags);
    }

    public static Target sameTags(ImageReference repository) {
      return new Target(repository, List.of());
    }
  }
}
