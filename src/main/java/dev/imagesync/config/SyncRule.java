package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Platform;
import java.util.List;

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
 */
public record SyncRule(
    ImageReference source, TagSelection selection, List<Target> targets, List<Platform> platforms,
    String origin, boolean referrers, boolean strictPlatforms) {

  /** A rule without referrers of its own (the {@code --referrers} flag may still ask for them). */
  public SyncRule(ImageReference source, TagSelection selection, List<Target> targets, List<Platform> platforms, String origin) {
    this(source, selection, targets, platforms, origin, false, false);
  }

  public SyncRule(ImageReference source, TagSelection selection, List<Target> targets, List<Platform> platforms, String origin,
      boolean referrers) {
    this(source, selection, targets, platforms, origin, referrers, false);
  }

  /** The same rule, failing where a platform it asks for is missing. */
  public SyncRule strict() {
    return new SyncRule(source, selection, targets, platforms, origin, referrers, true);
  }

  public SyncRule {
    targets = List.copyOf(targets);
    platforms = List.copyOf(platforms);
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
