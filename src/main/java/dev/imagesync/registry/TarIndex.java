package dev.imagesync.registry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a tar archive, found by one pass over its headers (POSIX ustar, with pax and GNU
 * long names, as docker save and skopeo write them), and read in place afterwards: no file is
 * unpacked. Symbolic and hard links inside the archive are followed (skopeo's docker archives link
 * {@code ID/layer.tar} to {@code DIGEST.tar}).
 */
final class TarIndex {

  /** One member: where its bytes are in the file, how many, and what it is. */
  record Entry(String name, long offset, long size, char type, String link) {}

  private static final int BLOCK = 512;
  private static final int MAX_LINKS = 16;

  private final Path file;
  private final Map<String, Entry> entries;

  private TarIndex(Path file, Map<String, Entry> entries) {
    this.file = file;
    this.entries = entries;
  }

  static TarIndex read(Path file) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long pos = 0;
      long length = ch.size();
      String longName = null;
      String longLink = null;
      ByteBuffer header = ByteBuffer.allocate(BLOCK);
      while (pos + BLOCK <= length) {
        header.clear();
        readFully(ch, header, pos);
        byte[] h = header.array();
        if (allZero(h)) {
          break;
        }
        if (!checksumHolds(h)) {
          throw new IOException(file + ": not a tar archive (a header's checksum does not hold at byte " + pos + ")");
        }
        String name = string(h, 0, 100);
        String prefix = string(h, 345, 155);
        if (!prefix.isEmpty() && new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
          name = prefix + "/" + name;
        }
        long size = number(h, 124, 12);
        char type = (char) (h[156] == 0 ? '0' : h[156]);
        String link = string(h, 157, 100);
        long data = pos + BLOCK;
        if (size < 0 || data + size > length) {
          throw new IOException(file + ": cut short (a member of " + size + " bytes runs past the end)");
        }
        pos = data + (size + BLOCK - 1) / BLOCK * BLOCK;
        if (type == 'x' || type == 'L' || type == 'K') {
          byte[] body = new byte[(int) Math.min(size, 1 << 20)];
          readFully(ch, ByteBuffer.wrap(body), data);
          if (type == 'L') {
            longName = cString(body);
          } else if (type == 'K') {
            longLink = cString(body);
          } else {
            Map<String, String> pax = pax(body);
            longName = pax.getOrDefault("path", longName);
            longLink = pax.getOrDefault("linkpath", longLink);
          }
          continue;
        }
        if (type == 'g') {
          continue;
        }
        if (longName != null) {
          name = longName;
          longName = null;
        }
        if (longLink != null) {
          link = longLink;
          longLink = null;
        }
        String clean = normal(name);
        entries.put(clean, new Entry(clean, data, size, type, link));
      }
    }
    return new TarIndex(file, entries);
  }

  /** The regular file {@code name} names, links followed; empty when there is none. */
  Optional<Entry> find(String name) {
    String wanted = normal(name);
    for (int hops = 0; hops < MAX_LINKS; hops++) {
      Entry e = entries.get(wanted);
      if (e == null) {
        return Optional.empty();
      }
      if (e.type() == '2') {
        String dir = wanted.contains("/") ? wanted.substring(0, wanted.lastIndexOf('/') + 1) : "";
        wanted = e.link().startsWith("/") ? normal(e.link()) : normal(dir + e.link());
      } else if (e.type() == '1') {
        wanted = normal(e.link());
      } else {
        return e.type() == '0' || e.type() == '7' ? Optional.of(e) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The bytes of {@code e}, read in place. */
  InputStream open(Entry e) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    ch.position(e.offset());
    InputStream whole = Channels.newInputStream(ch);
    return new InputStream() {
      private long left = e.size();

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = whole.read();
        if (b < 0) {
          throw new EOFException(file + ": " + e.name() + " cut short");
        }
        left--;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = whole.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
          throw new EOFException(file + ": " + e.name() + " cut short");
        }
        left -= n;
        return n;
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  byte[] readAll(Entry e, int max) throws IOException {
    if (e.size() > max) {
      throw new IOException(file + ": " + e.name() + " is " + e.size() + " bytes, more than " + max + " expected");
    }
    try (InputStream in = open(e)) {
      return in.readAllBytes();
    }
  }

  private static String normal(String name) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String p : name.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return String.join("/", parts);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
    while (buf.hasRemaining()) {
      int n = ch.read(buf, at + buf.position());
      if (n < 0) {
        throw new EOFException("tar archive cut short");
      }
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean checksumHolds(byte[] h) {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
    }
    return sum == number(h, 148, 8);
  }

  private static String string(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] b) {
    return string(b, 0, b.length);
  }

  /** An octal field, or (first bit set) base-256 as GNU tar writes sizes of 8 GiB and more. */
  static long number(byte[] b, int off, int len) {
    if ((b[off] & 0x80) != 0) {
      long v = b[off] & 0x7f;
      for (int i = off + 1; i < off + len; i++) {
        v = (v << 8) | (b[i] & 0xff);
      }
      return v;
    }
    int i = off;
    int end = off + len;
    while (i < end && (b[i] == ' ' || b[i] == 0)) {
      i++;
    }
    long v = 0;
    for (; i < end && b[i] != ' ' && b[i] != 0; i++) {
      if (b[i] < '0' || b[i] > '7') {
        return -1;
      }
      v = v * 8 + (b[i] - '0');
    }
    return v;
  }

  private static Map<String, String> pax(byte[] body) {
    Map<String, String> records = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    int i = 0;
    while (i < text.length()) {
      int space = text.indexOf(' ', i);
      if (space < 0) {
        break;
      }
      int len;
      try {
        len = Integer.parseInt(text.substring(i, space));
      } catch (NumberFormatException e) {
        break;
      }
      if (len <= 0 || i + len > text.length()) {
        break;
      }
      String record = text.substring(space + 1, i + len - 1);
      int eq = record.indexOf('=');
      if (eq > 0) {
        records.put(record.substring(0, eq), record.substring(eq + 1));
      }
      i += len;
    }
    return records;
  }
}
