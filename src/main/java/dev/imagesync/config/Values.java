package dev.imagesync.config;

import dev.imagesync.image.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Typed reads of {@link Located} values, each failure an {@link InputException} naming the place. */
final class Values {

  private Values() {}

  static String string(Located v, String what) {
    if (!(v instanceof Located.Scalar s) || s.kind() != Located.Scalar.Kind.STRING) {
      throw InputException.at(v.at(), what + " must be a string, found " + v.describe());
    }
    if (s.text().isBlank()) {
      throw InputException.at(v.at(), what + " is empty");
    }
    return s.text();
  }

  static List<String> strings(Located v, String what) {
    if (!(v instanceof Located.Arr a)) {
      throw InputException.at(v.at(), what + " must be a list of strings, found " + v.describe());
    }
    List<String> list = new ArrayList<>();
    for (Located item : a.items()) {
      list.add(string(item, what + " entries"));
    }
    return list;
  }

  static boolean bool(Located v, String what) {
    if (!(v instanceof Located.Scalar s) || s.kind() != Located.Scalar.Kind.BOOLEAN) {
      throw InputException.at(v.at(), what + " must be true or false, found " + v.describe());
    }
    return Boolean.parseBoolean(s.text());
  }

  static int positiveInt(Located v, String what) {
    if (v instanceof Located.Scalar s && s.kind() == Located.Scalar.Kind.NUMBER && s.text().matches("\\d{1,6}")) {
      int n = Integer.parseInt(s.text());
      if (n > 0) {
        return n;
      }
    }
    throw InputException.at(v.at(), what + " must be a whole number from 1 to 999999, found " + v.describe()
        + (v instanceof Located.Scalar s ? " '" + s.text() + "'" : ""));
  }

  static Pattern regex(String text, String at, String what) {
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      throw InputException.at(at, what + " '" + text + "' is not a valid regular expression: " + e.getDescription());
    }
  }

  /** Architectures as images.json writes them; duplicates are folded. */
  static List<Platform> platforms(List<String> names, String at, String what) {
    if (names.isEmpty()) {
      throw InputException.at(at, what + " is empty (leave it out to copy every platform)");
    }
    List<Platform> parsed = new ArrayList<>();
    for (String a : names) {
      try {
        Platform p = Platform.parseRequested(a);
        if (!parsed.contains(p)) {
          parsed.add(p);
        }
      } catch (IllegalArgumentException e) {
        throw InputException.at(at, what + ": " + e.getMessage());
      }
    }
    return parsed;
  }

  static void checkTags(List<String> tags, String at, String what) {
    if (tags.isEmpty()) {
      throw InputException.at(at, what + " is empty (leave it out to keep the source tag)");
    }
    for (String tag : tags) {
      if (tag.length() > 128) {
        throw InputException.at(at, what + ": a tag of " + tag.length() + " characters (at most 128)");
      }
      if (!dev.imagesync.image.ImageReference.isValidTag(tag)) {
        throw InputException.at(at, what + ": '" + tag + "' is not a valid tag (letters, digits, _ . -, not starting with . or -)");
      }
    }
  }
}
