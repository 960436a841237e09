package dev.imagesync.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** HTTP header fields: names compared without case, values kept in order. */
public final class Headers {

  private final Map<String, List<String>> fields = new LinkedHashMap<>();

  public Headers add(String name, String value) {
    fields.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  /** Replaces every value of {@code name} with {@code value}. */
  public Headers set(String name, String value) {
    List<String> one = new ArrayList<>();
    one.add(value);
    fields.put(name.toLowerCase(Locale.ROOT), one);
    return this;
  }

  public Headers remove(String name) {
    fields.remove(name.toLowerCase(Locale.ROOT));
    return this;
  }

  public Headers copy() {
    Headers c = new Headers();
    fields.forEach((name, values) -> c.fields.put(name, new ArrayList<>(values)));
    return c;
  }

  public Optional<String> first(String name) {
    List<String> values = fields.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public List<String> all(String name) {
    return List.copyOf(fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
  }

  public long firstAsLong(String name, long otherwise) {
    try {
      return first(name).map(String::trim).map(Long::parseLong).orElse(otherwise);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  public boolean contains(String name) {
    return fields.containsKey(name.toLowerCase(Locale.ROOT));
  }

  public Map<String, List<String>> asMap() {
    return fields;
  }
}
