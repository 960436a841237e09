package dev.imagesync.config;

import java.util.List;
import java.util.Optional;

/**
 * A JSON or YAML value that remembers where it was written ({@code file:line:column}), so that
 * every input error can name the place. Objects keep repeated keys, in order: image-syncer files
 * repeat a key to send one source to two registries.
 */
public sealed interface Located permits Located.Obj, Located.Arr, Located.Scalar {

  /** {@code file:line:column} of the value's first character. */
  String at();

  /** What it is, in words: "an object", "a list", "a string", "a number", ... */
  String describe();

  /** One key of an object, with the place of the key itself. */
  record Entry(String key, String keyAt, Located value) {}

  record Obj(String at, List<Entry> entries) implements Located {
    @Override
    public String describe() {
      return "an object";
    }

    /** The first entry named {@code key}. */
    public Optional<Entry> entry(String key) {
      return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }
  }

  record Arr(String at, List<Located> items) implements Located {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A string, number, boolean or null, with its text as written. */
  record Scalar(String at, String text, Kind kind) implements Located {
    public enum Kind {
      STRING,
      NUMBER,
      BOOLEAN,
      NULL,
      /** A YAML alias ({@code *name}), kept unexpanded where the parser allows it (compose files); the text is the name. */
      ALIAS
    }

    @Override
    public String describe() {
      return switch (kind) {
        case STRING -> "a string";
        case NUMBER -> "a number";
        case BOOLEAN -> "a boolean";
        case NULL -> "nothing (null)";
        case ALIAS -> "a YAML alias (*" + text + ")";
      };
    }
  }
}
