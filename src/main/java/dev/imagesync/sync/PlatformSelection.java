package dev.imagesync.sync;

import dev.imagesync.image.Descriptor;
import dev.imagesync.image.Digest;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.Platform;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which entries of a source index to copy for the requested platforms. Plain logic, no I/O.
 *
 * <p>When the request covers every platform of the index, the index is copied as it is (byte for
 * byte, attestations included). When it names fewer, a new index holds the chosen entries plus
 * the attestations that describe them; its digest differs from the source's by design.
 */
record PlatformSelection(Manifest manifest, boolean subset, List<Platform> chosen, List<String> missing) {

  PlatformSelection(Manifest manifest, boolean subset, List<Platform> chosen) {
    this(manifest, subset, chosen, List.of());
  }

  static PlatformSelection select(Manifest index, List<Platform> requested) {
    return select(index, requested, true, d -> {
      throw new CopyFailure("nested index " + d + " cannot be read here");
    });
  }

  /**
   * {@code fetch} reads a nested index by digest: an index may list other indexes (some
   * publishers group platforms that way). Their entries count as the top index's; a subset of
   * such a structure is written flat — one new index listing the chosen images and their
   * attestations — which docker and containerd read the same.
   *
   * <p>A requested platform the index lacks fails the selection when {@code strict}, or when it
   * lacks them all; else it is named in {@link #missing} and the others are chosen (the old
   * skopeo workflow went on with the architectures that exist).
   */
  static PlatformSelection select(Manifest index, List<Platform> requested, boolean strict, java.util.function.Function<Digest, Manifest> fetch) {
    if (requested.isEmpty()) {
      return new PlatformSelection(index, false, List.of());
    }
    java.util.Map<Digest, Manifest> nested = new java.util.LinkedHashMap<>();
    List<Descriptor> entries = leaves(index, fetch, nested, 0);
    List<Descriptor> platformEntries =
        entries.stream()
            .filter(e -> e.platform().isPresent() && !e.platform().get().isUnknown() && !e.isAttestation())
            .toList();
    List<String> missing = new ArrayList<>();
    for (Platform p : requested) {
      if (platformEntries.stream().noneMatch(e -> p.matches(e.platform().get()))) {
        missing.add(p.toString());
      }
    }
    if (!missing.isEmpty() && (strict || missing.size() == requested.size())) {
      String available =
          platformEntries.stream().map(e -> e.platform().get().toString()).distinct().collect(Collectors.joining(", "));
      throw new CopyFailure("source has no " + String.join(", ", missing) + " (it has " + (available.isEmpty() ? "none" : available) + ")");
    }
    List<Descriptor> chosen =
        platformEntries.stream().filter(e -> requested.stream().anyMatch(p -> p.matches(e.platform().get()))).toList();
    List<Platform> chosenPlatforms = chosen.stream().map(e -> e.platform().get()).toList();
    if (chosen.size() == platformEntries.size()) {
      return new PlatformSelection(index, false, chosenPlatforms, missing);
    }
    Set<Digest> keep = new HashSet<>();
    chosen.forEach(e -> keep.add(e.digest()));
    for (Descriptor e : entries) {
      Optional<Digest> attested = e.attestedDigest();
      if (e.isAttestation() && attested.isPresent() && keep.contains(attested.get())) {
        keep.add(e.digest());
      }
    }
    // Entries are kept by digest: another platform whose entry is the same manifest as a chosen
    // one (amd64 and amd64/v2 sharing an image) stays too, and the note names it.
    List<Platform> kept = platformEntries.stream().filter(e -> keep.contains(e.digest())).map(e -> e.platform().get()).distinct().toList();
    if (kept.size() == platformEntries.size()) {
      return new PlatformSelection(index, false, kept, missing);
    }
    return new PlatformSelection(index.flattenedKeeping(nested, keep), true, kept, missing);
  }

  /** The entries of {@code index}, those of its nested indexes in their place (fetched, recorded in {@code nested}). */
  private static List<Descriptor> leaves(Manifest index, java.util.function.Function<Digest, Manifest> fetch, java.util.Map<Digest, Manifest> nested, int depth) {
    List<Descriptor> all = new ArrayList<>();
    for (Descriptor e : index.manifests()) {
      if (dev.imagesync.image.MediaTypes.isIndex(e.mediaType()) && depth < 8) {
        Manifest inner = nested.computeIfAbsent(e.digest(), fetch);
        all.addAll(leaves(inner, fetch, nested, depth + 1));
      } else {
        all.add(e);
      }
    }
    return all;
  }

  /** The output note for a subset: why the destination digest is not the source's (and what the source lacked). */
  String note(Digest sourceDigest) {
    return "platform subset " + chosen.stream().map(Platform::toString).collect(Collectors.joining(","))
        + lacking() + ": digest differs from source " + sourceDigest + " by design";
  }

  /** What the source lacked of the request, for the note: {@code " (no linux/arm/v7 in the source)"}, or nothing. */
  String lacking() {
    return missing.isEmpty() ? "" : " (no " + String.join(", ", missing) + " in the source)";
  }
}
