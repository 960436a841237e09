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
    YAML,
    /**
     * A docker compose file: YAML whose aliases ({@code <<: *common-env}) are common and say
     * nothing about images; they are kept as {@link Located.Scalar.Kind#ALIAS} markers, never
     * expanded, and the compose reader refuses one where an image would be.
     */
    COMPOSE_YAML
  }

  private LocatedParser() {}

  /** The document, or empty for a document with no content. */
  static Optional<Located> parse(String name, String text, Syntax syntax) {
    JsonFactory factory = syntax == Syntax.JSON ? new JsonFactory() : new YAMLFactory();
    boolean keepAliases = syntax == Syntax.COMPOSE_YAML;
    try (JsonParser p = factory.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return Optional.empty();
      }
      Located root = value(name, p, keepAliases);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw InputException.at(at(name, p), syntax == Syntax.JSON
            ? "unexpected content after the end of the document"
            : "more than one YAML document; put everything in one");
      }
      return Optional.of(root);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      String why = String.valueOf(e.getOriginalMessage()).contains("nesting") ? "it is nested more than 1000 levels deep" : "a value in it is too long";
      throw new InputException(name + ": not an image list: " + why);
    } catch (StreamReadException e) {
      JsonLocation l = e.getLocation();
      String where = l == null ? name : name + ":" + l.getLineNr() + ":" + l.getColumnNr();
      throw InputException.at(where, "invalid " + (syntax == Syntax.JSON ? "JSON" : "YAML") + ": " + problem(e));
    } catch (IOException e) {
      throw new InputException(name + ": cannot parse it (" + (e.getMessage() == null ? "read error" : e.getMessage().lines().findFirst().orElse("")) + ")");
    }
  }

  private static Located value(String name, JsonParser p, boolean keepAliases) throws IOException {
    String at = at(name, p);
    JsonToken t = p.currentToken();
    if (p instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser yaml && yaml.isCurrentAlias()) {
      if (keepAliases) {
        return new Located.Scalar(at, p.getText(), Located.Scalar.Kind.ALIAS);
      }
      // Jackson's streaming parser would hand over the anchor's name as if it were the value
      // ("a:v2": *d → image d); expanding aliases invites billion-laughs documents. Refused.
      throw InputException.at(at, "YAML aliases (*" + p.getText() + ") are not supported in image lists; write the value out");
    }
    switch (t) {
      case START_OBJECT -> {
        List<Located.Entry> entries = new ArrayList<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String key = p.currentName();
          String keyAt = at(name, p);
          p.nextToken();
          entries.add(new Located.Entry(key, keyAt, value(name, p, keepAliases)));
        }
        return new Located.Obj(at, List.copyOf(entries));
      }
      case START_ARRAY -> {
        List<Located> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(value(name, p, keepAliases));
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
