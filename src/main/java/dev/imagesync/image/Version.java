package dev.imagesync.image;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version read from a tag: {@code 1.25}, {@code v1.4.0}, {@code 2}. Tags with anything
 * after the numbers ({@code 1.25-alpine}, {@code 1.0.0-rc1}) are variants or pre-releases, not
 * releases, and are not versions here.
 */
public record Version(int major, int minor, int patch) implements Comparable<Version> {

  private static final Pattern TAG = Pattern.compile("[vV]?(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?");

  public static Optional<Version> parse(String tag) {
    Matcher m = TAG.matcher(tag);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Version(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
  }

  @Override
  public int compareTo(Version o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
