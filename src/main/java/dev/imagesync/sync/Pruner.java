package dev.imagesync.sync;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.Repositories;
import dev.imagesync.registry.RepositoryClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deletes the destination tags pruning rules found gone at the source, after every copy of the
 * run: the tag alone where the registry can delete a tag (OCI 1.1); where it deletes only
 * manifests (distribution 2.x), by digest — and then only when no other tag of the repository
 * holds that manifest, which would go with it. A tag already gone is counted as pruned.
 */
final class Pruner {

  private Pruner() {}

  static List<JobResult> prune(List<Prune> prunes, Repositories repositories, boolean dryRun) {
    Map<String, List<Prune>> byRepository = new LinkedHashMap<>();
    prunes.forEach(p -> byRepository.computeIfAbsent(p.target().repositoryName(), r -> new ArrayList<>()).add(p));
    List<JobResult> results = new ArrayList<>();
    byRepository.values().forEach(group -> results.addAll(pruneRepository(group, repositories, dryRun)));
    return results;
  }

  private static List<JobResult> pruneRepository(List<Prune> group, Repositories repositories, boolean dryRun) {
    ImageReference repository = ImageReference.repository(group.get(0).target().registry(), group.get(0).target().repository());
    RepositoryClient destination = repositories.openForPush(repository, Optional.empty());
    List<String> pruned = group.stream().map(p -> p.target().tag().orElseThrow()).toList();
    List<JobResult> results = new ArrayList<>();
    for (Prune p : group) {
      long start = System.nanoTime();
      String tag = p.target().tag().orElseThrow();
      TagResult result;
      try {
        Optional<ManifestHead> head = destination.headManifest(tag);
        if (head.isEmpty()) {
          result = new TagResult(TagResult.Status.PRUNED, p.source(), p.target(), Optional.empty(), Optional.of("already gone"), Optional.empty());
        } else if (dryRun) {
          result = new TagResult(TagResult.Status.WOULD_PRUNE, p.source(), p.target(), Optional.of(head.get().digest()),
              Optional.of("gone at the source"), Optional.empty());
        } else {
          Digest digest = head.get().digest();
          Optional<String> note = Optional.of("gone at the source");
          if (!destination.deleteManifest(tag)) {
            Optional<String> holder = otherTagHolding(destination, digest, pruned);
            if (holder.isPresent()) {
              throw new RegistryException(RegistryException.Kind.OTHER, "the registry deletes only whole manifests, and tag "
                  + holder.get() + " (not pruned) holds the same one");
            }
            destination.deleteManifest(digest.toString());
            note = Optional.of("gone at the source; deleted by digest, as the registry cannot delete a tag alone");
          }
          result = new TagResult(TagResult.Status.PRUNED, p.source(), p.target(), Optional.of(digest), note, Optional.empty());
        }
      } catch (RegistryException e) {
        result = TagResult.failed(p.source(), p.target(), Optional.empty(), "not pruned: " + e.getMessage());
      }
      results.add(new JobResult(p.source(), p.origin(), List.of(result), Optional.empty(), 0, (System.nanoTime() - start) / 1e9, List.of(),
          Optional.empty()));
    }
    return results;
  }

  /** A tag of the repository, other than those being pruned, that holds {@code digest}. */
  private static Optional<String> otherTagHolding(RepositoryClient destination, Digest digest, List<String> pruned) {
    for (String other : destination.listTags()) {
      if (!pruned.contains(other) && destination.headManifest(other).map(h -> h.digest().equals(digest)).orElse(false)) {
        return Optional.of(other);
      }
    }
    return Optional.empty();
  }
}
