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
}
