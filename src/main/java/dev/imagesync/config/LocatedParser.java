package dev.imagesync.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses JSON or YAML text into a {@link Located} tree with Jackson's streaming parser (which sees
 * every key, repeated ones included, and knows every position). Syntax errors become one-line
 * {@link InputException}s naming file, line and column.
 */
final class LocatedParser {

  enum Syntax {
    JSON,
    YAML
  }

  private LocatedParser() {}

  /** The document, or empty for a document with no content. */
  static Optional<Located> parse(String name, String text, Syntax syntax) {
    JsonFactory factory = syntax == Syntax.JSON ? new JsonFactory() : new YAMLFactory();
    try (JsonParser p = factory.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return Optional.empty();
      }
      Located root = value(name, p);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw InputException.at(at(name, p), syntax == Syntax.JSON
            ? "unexpected content after the end of the document"
            : "more than one YAML document; put everything in one");
      }
      return Optional.of(root);
    } catch (StreamReadException e) {
      JsonLocation l = e.getLocation();
      String where = l == null ? name : name + ":" + l.getLineNr() + ":" + l.getColumnNr();
      throw InputException.at(where, "invalid " + syntax.name() + ": " + problem(e));
    } catch (IOException e) {
      throw new InputException(name + ": cannot parse (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Located value(String name, JsonParser p) throws IOException {
    String at = at(name, p);
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        List<Located.Entry> entries = new ArrayList<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String key = p.currentName();
          String keyAt = at(name, p);
          p.nextToken();
          entries.add(new Located.Entry(key, keyAt, value(name, p)));
        }
        return new Located.Obj(at, List.copyOf(entries));
      }
      case START_ARRAY -> {
        List<Located> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(value(name, p));
        }
        return new Located.Arr(at, List.copyOf(items));
      }
      case VALUE_STRING -> {
        return new Located.Scalar(at, p.getText(), Located.Scalar.Kind.STRING);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Located.Scalar(at, p.getText(), Located.Scalar.Kind.NUMBER);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Located.Scalar(at, p.getText(), Located.Scalar.Kind.BOOLEAN);
      }
      case VALUE_NULL -> {
        return new Located.Scalar(at, "", Located.Scalar.Kind.NULL);
      }
      default -> throw InputException.at(at, "unsupported content (" + t + ")");
    }
  }

  private static String at(String name, JsonParser p) {
    JsonLocation l = p.currentTokenLocation();
    return name + ":" + l.getLineNr() + ":" + l.getColumnNr();
  }

  /** Jackson's description without its parser-internal location suffixes. */
  private static String problem(StreamReadException e) {
    String m = String.valueOf(e.getOriginalMessage()).split("\n")[0];
    return m.replaceAll("\\s*\\(start marker at \\[Source:.*$", "").replaceAll("\\s*at \\[Source:.*$", "").trim();
  }
}
