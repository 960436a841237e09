package dev.imagesync.sync;

import java.util.List;

/**
 * Which referrers a run carries: those of every job ({@code --referrers}) or only of the jobs
 * that ask ({@code "referrers": true}), and of which artifact types ({@code --referrers-type};
 * empty: all).
 */
public record ReferrerPolicy(boolean everyJob, List<String> types) {

  public static final ReferrerPolicy ONLY_WHERE_ASKED = new ReferrerPolicy(false, List.of());

  public ReferrerPolicy {
    types = List.copyOf(types);
  }
}
