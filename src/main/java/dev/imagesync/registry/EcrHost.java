package dev.imagesync.registry;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Amazon ECR registry host, {@code ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]}: what
 * tells ECR's answers apart (its refusals' words) and where its API is (the region, and the China
 * partition's {@code .cn}).
 */
public record EcrHost(String region, boolean china) {

  private static final Pattern HOST = Pattern.compile("^[0-9]{12}\\.dkr\\.ecr(-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");

  /** The ECR host {@code registry} names, or empty when it is none. */
  public static Optional<EcrHost> of(String registry) {
    Matcher m = HOST.matcher(TransportPolicy.hostOf(registry.toLowerCase(Locale.ROOT)));
    return m.matches() ? Optional.of(new EcrHost(m.group(2), m.group(3) != null)) : Optional.empty();
  }
}
