package dev.imagesync.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic-version range as npm and Cargo users write it: comparators joined by spaces (all must
 * hold), alternatives joined by {@code ||}. Comparators: {@code >=1.2}, {@code >1.2.3}, {@code
 * <2}, {@code <=1.4}, {@code =1.2.3} or bare {@code 1.2.3}, {@code ^1.2} (same major; same minor
 * below 1.0), {@code ~1.2} (same minor), and {@code 1.x} / {@code 1.2.x} wildcards.
 */
public final class SemverRange {

  private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=|\\^|~)?\\s*[vV]?(\\d+|[xX*])(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?");

  private final String text;
  private final List<List<Predicate<Version>>> alternatives;

  private SemverRange(String text, List<List<Predicate<Version>>> alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  /** Parses a range; throws {@link IllegalArgumentException} naming the part it cannot read. */
  public static SemverRange parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty version range");
    }
    List<List<Predicate<Version>>> alternatives = new ArrayList<>();
    for (String alternative : text.split("\\|\\|")) {
      List<Predicate<Version>> all = new ArrayList<>();
      String rest = alternative.trim().replaceAll("(>=|<=|>|<|=|\\^|~)\\s+", "$1");
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("empty alternative in version range '" + text + "'");
      }
      for (String part : rest.split("\\s+")) {
        all.add(comparator(part, text));
      }
      alternatives.add(all);
    }
    return new SemverRange(text.trim(), alternatives);
  }

  private static Predicate<Version> comparator(String part, String whole) {
    Matcher m = COMPARATOR.matcher(part);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + part + "' in version range '" + whole + "' is not a comparator (e.g. >=1.2, <2, ^1.4, ~1.2.3, 1.x)");
    }
    String op = Optional.ofNullable(m.group(1)).orElse("=");
    Integer major = number(m.group(2));
    Integer minor = number(m.group(3));
    Integer patch = number(m.group(4));
    if (major == null) {
      return v -> true; // "*" or "x"
    }
    Version low = new Version(major, minor == null ? 0 : minor, patch == null ? 0 : patch);
    // The first version past what a partial version names ("1.2" → 1.3.0, "1" → 2.0.0).
    Version pastPartial = minor == null ? new Version(major + 1, 0, 0)
        : patch == null ? new Version(major, minor + 1, 0) : null;
    return switch (op) {
      case ">=" -> v -> v.compareTo(low) >= 0;
      case ">" -> pastPartial == null ? v -> v.compareTo(low) > 0 : v -> v.compareTo(pastPartial) >= 0;
      case "<" -> v -> v.compareTo(low) < 0;
      case "<=" -> pastPartial == null ? v -> v.compareTo(low) <= 0 : v -> v.compareTo(pastPartial) < 0;
      case "^" -> {
        Version high = major > 0 || minor == null ? new Version(major + 1, 0, 0)
            : minor > 0 || patch == null ? new Version(0, minor + 1, 0) : new Version(0, 0, patch + 1);
        yield v -> v.compareTo(low) >= 0 && v.compareTo(high) < 0;
      }
      case "~" -> {
        Version high = minor == null ? new Version(major + 1, 0, 0) : new Version(major, minor + 1, 0);
        yield v -> v.compareTo(low) >= 0 && v.compareTo(high) < 0;
      }
      default -> pastPartial == null ? v -> v.compareTo(low) == 0
          : v -> v.compareTo(low) >= 0 && v.compareTo(pastPartial) < 0;
    };
  }

  private static Integer number(String s) {
    return s == null || s.equalsIgnoreCase("x") || s.equals("*") ? null : Integer.valueOf(s);
  }

  public boolean contains(Version v) {
    return alternatives.stream().anyMatch(all -> all.stream().allMatch(p -> p.test(v)));
  }

  @Override
  public String toString() {
    return text;
  }
}
