package dev.imagesync.sync;

import dev.imagesync.config.SyncJob;
import dev.imagesync.image.Descriptor;
import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.Repositories;
import dev.imagesync.registry.RepositoryClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a mirror is whole, without pulling a layer: every destination tag of a plan holds the
 * source's digest (or, for a platform subset, children the source index has), and everything it
 * reaches is there — each manifest (GET, small) and each config and layer blob (HEAD), the
 * referrers too when asked. Registries lose blobs (garbage collection bugs, storage incidents):
 * a tag that still answers can point at a layer that is gone, which only a pull would find.
 * Each digest is checked once per destination repository.
 */
public final class Audit {

  /** What is wrong with one destination tag: its kind ({@code missing}, {@code stale}, {@code gap}, {@code failed}) and in words. */
  public record Problem(String kind, ImageReference target, Optional<Digest> digest, String detail) {
    public String line() {
      return String.format("%-8s%s: %s", kind, target, detail);
    }
  }

  /** The tags audited, and what was found wrong. */
  public record Result(int tags, List<Problem> problems) {}

  private final Repositories repositories;
  private final boolean referrers;
  /** Per destination repository, the digests found present already. */
  private final Map<String, Set<Digest>> present = new ConcurrentHashMap<>();

  public Audit(Repositories repositories, boolean referrers) {
    this.repositories = repositories;
    this.referrers = referrers;
  }

  /** The problems of {@code job}'s destination tags (none: all whole). Never throws: a failure is a problem of kind failed. */
  public List<Problem> audit(SyncJob job) {
    List<Problem> problems = new ArrayList<>();
    RepositoryClient source;
    RepositoryClient destination;
    try {
      source = repositories.openForPull(job.source());
      destination = repositories.openForPush(job.destination(), Optional.empty());
    } catch (RegistryException e) {
      job.tags().forEach(t -> problems.add(new Problem("failed", job.target(t), Optional.empty(), e.getMessage())));
      return problems;
    }
    Optional<ManifestHead> at;
    try {
      at = source.headManifest(job.source().manifestReference());
    } catch (RegistryException e) {
      job.tags().forEach(t -> problems.add(new Problem("failed", job.target(t), Optional.empty(), "the source: " + e.getMessage())));
      return problems;
    }
    for (String tag : job.tags()) {
      ImageReference target = job.target(tag);
      try {
        Optional<ManifestHead> there = destination.headManifest(tag);
        if (there.isEmpty()) {
          problems.add(new Problem("missing", target, Optional.empty(), at.map(h -> "not there (the source has " + h.digest() + ")")
              .orElse("not there, and the source has no " + job.source().manifestReference() + " either")));
          continue;
        }
        Digest held = there.get().digest();
        if (at.isPresent() && !held.equals(at.get().digest()) && !subsetOf(job, source, at.get().digest(), destination, held)) {
          problems.add(new Problem("stale", target, Optional.of(held), "holds " + held + ", the source " + at.get().digest()));
        } else if (at.isEmpty()) {
          problems.add(new Problem("stale", target, Optional.of(held), "the source has no " + job.source().manifestReference() + " any more"));
        }
        List<String> gaps = new ArrayList<>();
        walk(destination, job.destination(), held, "", gaps);
        gaps.forEach(g -> problems.add(new Problem("gap", target, Optional.of(held), g)));
      } catch (RegistryException e) {
        problems.add(new Problem("failed", target, Optional.empty(), e.getMessage()));
      }
    }
    return problems;
  }

  /**
   * A destination that holds a platform subset of the source (a job with platforms): whole when
   * every child it names is one of the source index's.
   */
  private boolean subsetOf(SyncJob job, RepositoryClient source, Digest sourceDigest, RepositoryClient destination, Digest held) {
    if (job.platforms().isEmpty()) {
      return false;
    }
    Optional<Manifest> src = source.getManifest(sourceDigest.toString());
    Optional<Manifest> dst = destination.getManifest(held.toString());
    if (src.isEmpty() || dst.isEmpty()) {
      return false;
    }
    Set<Digest> sourceChildren = new HashSet<>();
    if (src.get().isIndex()) {
      src.get().manifests().forEach(d -> sourceChildren.add(d.digest()));
    }
    if (dst.get().isIndex()) {
      return dst.get().manifests().stream().allMatch(d -> sourceChildren.contains(d.digest()));
    }
    return sourceChildren.contains(held); // one platform chosen: the child itself
  }

  /** Everything {@code digest} reaches in the destination; what is missing is added to {@code gaps}. */
  private void walk(RepositoryClient destination, ImageReference repository, Digest digest, String what, List<String> gaps) {
    Set<Digest> seen = present.computeIfAbsent(repository.registry() + "/" + repository.repository(), r -> ConcurrentHashMap.newKeySet());
    if (seen.contains(digest)) {
      return;
    }
    Optional<Manifest> manifest = destination.getManifest(digest.toString());
    if (manifest.isEmpty()) {
      gaps.add("manifest " + digest + what + " is missing");
      return;
    }
    Manifest m = manifest.get();
    boolean whole = true;
    if (m.isIndex()) {
      for (Descriptor child : m.manifests()) {
        int before = gaps.size();
        walk(destination, repository, child.digest(), child.platform().map(p -> " (" + p + ")").orElse(""), gaps);
        whole &= gaps.size() == before;
      }
    } else if (!m.isSchema1()) {
      Descriptor config = m.config();
      if (config != null && !seen.contains(config.digest())) {
        if (destination.blobExists(config.digest())) {
          seen.add(config.digest());
        } else {
          gaps.add("config blob " + config.digest() + " of " + digest + what + " is missing");
          whole = false;
        }
      }
      for (Descriptor layer : m.layers()) {
        if (layer.isForeign() || seen.contains(layer.digest())) {
          continue; // a foreign layer is fetched from its URLs, not the registry
        }
        if (destination.blobExists(layer.digest())) {
          seen.add(layer.digest());
        } else {
          gaps.add("layer " + layer.digest() + " (" + layer.size() + " bytes) of " + digest + what + " is missing");
          whole = false;
        }
      }
    }
    if (referrers) {
      Optional<Manifest> list = destination.referrers(digest, Optional.empty());
      for (Descriptor r : list.map(Manifest::manifests).orElse(List.of())) {
        int before = gaps.size();
        walk(destination, repository, r.digest(), " (a referrer of " + digest + ")", gaps);
        whole &= gaps.size() == before;
      }
    }
    if (whole) {
      seen.add(digest);
    }
  }
}
