package dev.imagesync.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Platform;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code images.json}: an array of {@code {source, target, tags, architectures}} objects,
 * the format of the skopeo workflows. Every problem is an {@link InputException} naming the file,
 * line and column.
 */
public final class ImagesJsonReader {

  /** Larger than any hand-kept list; a bigger file is almost certainly the wrong file. */
  static final long MAX_BYTES = 4L << 20;

  private static final Set<String> FIELDS = Set.of("source", "target", "tags", "architectures");

  private final Destination destination;

  public ImagesJsonReader(Destination destination) {
    this.destination = destination;
  }

  public List<SyncJob> read(Path file) {
    String name = file.toString();
    String text = readText(file);
    if (text.isBlank()) {
      throw new InputException(name + ": the file is empty (expected a JSON array of images)");
    }
    List<SyncJob> jobs = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_ARRAY) {
        throw InputException.at(where(name, p), "expected a JSON array of images ([{\"source\": ...}, ...]), found " + describe(first));
      }
      int index = 0;
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        index++;
        if (t != JsonToken.START_OBJECT) {
          throw InputException.at(where(name, p), "entry " + index + ": expected an object, found " + describe(t));
        }
        jobs.add(readEntry(p, name, index));
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw InputException.at(where(name, p), "unexpected content after the array");
      }
    } catch (JsonParseException e) {
      JsonLocation l = e.getLocation();
      throw InputException.at(name + ":" + l.getLineNr() + ":" + l.getColumnNr(), "invalid JSON: " + jsonProblem(e));
    } catch (IOException e) {
      throw new InputException(name + ": cannot read: " + e.getMessage());
    }
    if (jobs.isEmpty()) {
      throw new InputException(name + ": the list has no images");
    }
    return jobs;
  }

  private SyncJob readEntry(JsonParser p, String name, int index) throws IOException {
    String entryAt = where(name, p);
    String entryLine = name + ":" + p.currentTokenLocation().getLineNr();
    String source = null;
    String sourceAt = entryAt;
    String target = null;
    String targetAt = entryAt;
    List<String> tags = null;
    List<Platform> platforms = List.of();
    Set<String> seen = new LinkedHashSet<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String field = p.currentName();
      String fieldAt = where(name, p);
      if (!seen.add(field)) {
        throw InputException.at(fieldAt, "entry " + index + ": field '" + field + "' appears twice");
      }
      JsonToken value = p.nextToken();
      String valueAt = where(name, p);
      switch (field) {
        case "source" -> {
          source = string(p, value, valueAt, index, field);
          sourceAt = valueAt;
        }
        case "target" -> {
          target = string(p, value, valueAt, index, field);
          targetAt = valueAt;
        }
        case "tags" -> tags = strings(p, value, name, valueAt, index, field);
        case "architectures" -> {
          List<String> arches = strings(p, value, name, valueAt, index, field);
          if (arches.isEmpty()) {
            throw InputException.at(valueAt, "entry " + index + ": 'architectures' is empty (leave it out to copy every platform)");
          }
          List<Platform> parsed = new ArrayList<>();
          for (String a : arches) {
            try {
              Platform platform = Platform.parseRequested(a);
              if (!parsed.contains(platform)) {
                parsed.add(platform);
              }
            } catch (IllegalArgumentException e) {
              throw InputException.at(valueAt, "entry " + index + ": 'architectures': " + e.getMessage());
            }
          }
          platforms = parsed;
        }
        default -> throw InputException.at(fieldAt,
            "entry " + index + ": unknown field '" + field + "' (known: source, target, tags, architectures)");
      }
    }
    if (source == null) {
      throw InputException.at(entryAt, "entry " + index + ": 'source' is missing");
    }
    ImageReference sourceRef;
    try {
      sourceRef = ImageReference.parse(source);
    } catch (IllegalArgumentException e) {
      throw InputException.at(sourceAt, "entry " + index + ": 'source': " + e.getMessage());
    }
    if (tags == null) {
      if (sourceRef.tag().isEmpty() && sourceRef.digest().isPresent()) {
        throw InputException.at(sourceAt, "entry " + index + ": 'source' is pinned by digest; give 'tags' for the destination");
      }
      tags = List.of(sourceRef.tag().orElse("latest"));
    } else if (tags.isEmpty()) {
      throw InputException.at(entryAt, "entry " + index + ": 'tags' is empty (leave it out to keep the source tag)");
    }
    for (String tag : tags) {
      if (tag.length() > 128) {
        throw InputException.at(entryAt, "entry " + index + ": 'tags': a tag of " + tag.length() + " characters (at most 128)");
      }
      if (!ImageReference.isValidTag(tag)) {
        throw InputException.at(entryAt, "entry " + index + ": 'tags': '" + tag
            + "' is not a valid tag (letters, digits, _ . -, not starting with . or -)");
      }
    }
    String targetName = Optional.ofNullable(target).orElse(sourceRef.lastPathElement());
    ImageReference destinationRepo;
    try {
      destinationRepo = destination.repositoryFor(targetName);
    } catch (IllegalArgumentException e) {
      throw InputException.at(targetAt, "entry " + index + ": 'target': '" + targetName
          + "' is not a valid repository name (lower-case letters, digits and . _ - separators, no tag)");
    }
    return new SyncJob(sourceRef, destinationRepo, List.copyOf(new LinkedHashSet<>(tags)), platforms, entryLine);
  }

  /** Jackson's description without its parser-internal location suffixes. */
  private static String jsonProblem(JsonParseException e) {
    return e.getOriginalMessage().split("\n")[0].replaceAll("\\s*\\(start marker at \\[Source:.*$", "").trim();
  }

  private static String string(JsonParser p, JsonToken value, String at, int index, String field) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw InputException.at(at, "entry " + index + ": '" + field + "' must be a string, found " + describe(value));
    }
    String s = p.getText();
    if (s.isBlank()) {
      throw InputException.at(at, "entry " + index + ": '" + field + "' is empty");
    }
    return s;
  }

  private static List<String> strings(JsonParser p, JsonToken value, String name, String at, int index, String field) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      throw InputException.at(at, "entry " + index + ": '" + field + "' must be an array of strings, found " + describe(value));
    }
    List<String> list = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      list.add(string(p, t, where(name, p), index, field));
    }
    return list;
  }

  private static String where(String name, JsonParser p) {
    JsonLocation l = p.currentTokenLocation();
    return name + ":" + l.getLineNr() + ":" + l.getColumnNr();
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "end of file";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }

  /** The whole file as UTF-8, refusing what is missing, huge or binary with a plain message. */
  static String readText(Path file) {
    String name = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw new InputException(name + ": is a directory, not a list of images");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new InputException(name + ": the file is " + size / (1 << 20) + " MiB; an image list is at most 4 MiB");
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          throw new InputException(name + ": is a binary file, not a list of images");
        }
      }
      String text =
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (CharacterCodingException e) {
      throw new InputException(name + ": is not UTF-8 text");
    } catch (IOException e) {
      throw new InputException(name + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
