package dev.imagesync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** What the hand-written servers of the tests share: reading a request's head off a socket. */
public final class RawHttp {

  private static final int MAX_HEAD = 64 << 10;

  private RawHttp() {}

  /** The request head up to and including the blank line (ISO-8859-1), or null when the client closed first. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b = in.read(); b >= 0; b = in.read()) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head too long");
      }
    }
    return null;
  }

  /** The Content-Length a head announces, 0 when none. */
  public static long contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return 0;
  }
}
