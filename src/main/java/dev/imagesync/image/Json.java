package dev.imagesync.image;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson mapper of the process, made on first use: building it costs a tenth of a
 * second of start-up, which a run that only compares digests never needs to pay.
 */
public final class Json {

  private Json() {}

  private static final class Holder {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /** Thread-safe, shared; never reconfigure it. */
  public static ObjectMapper mapper() {
    return Holder.MAPPER;
  }

  /** {@code text} as a JSON string, quotes and escapes included. */
  public static String quoted(String text) {
    try {
      return mapper().writeValueAsString(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e); // a String always serialises
    }
  }
}
