package dev.imagesync.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that span several entries (and files): two different sources may not land on one
 * destination tag. The same source listed twice for a tag is copied once.
 */
public final class JobListValidator {

  private JobListValidator() {}

  /** The jobs with repeated (source, destination tag) pairs removed; throws on a conflict. */
  public static List<SyncJob> validate(List<SyncJob> jobs) {
    Map<String, SyncJob> byTarget = new HashMap<>();
    List<SyncJob> result = new ArrayList<>();
    for (SyncJob job : jobs) {
      List<String> tags = new ArrayList<>();
      for (String tag : job.tags()) {
        String target = job.target(tag).toString();
        SyncJob earlier = byTarget.putIfAbsent(target, job);
        if (earlier == null) {
          tags.add(tag);
        } else if (!sameContent(earlier, job)) {
          throw new InputException(job.origin() + ": " + job.source() + " and " + earlier.source()
              + " (" + earlier.origin() + ") both go to " + target);
        }
      }
      if (!tags.isEmpty()) {
        result.add(new SyncJob(job.source(), job.destination(), tags, job.platforms(), job.origin(), job.referrers(), job.strictPlatforms(), job.verify()));
      }
    }
    return result;
  }

  private static boolean sameContent(SyncJob a, SyncJob b) {
    return a.source().equals(b.source()) && a.platforms().equals(b.platforms());
  }
}
