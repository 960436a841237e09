package dev.imagesync.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tar archive as docker save does (POSIX ustar; regular files only, owned by root, mode
 * 0644, time 0 so that the same images make the same bytes). Sizes of 8 GiB and more are written
 * base-256, as GNU tar does.
 */
final class TarWriter implements AutoCloseable {

  private static final int BLOCK = 512;

  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  void file(String name, byte[] bytes) throws IOException {
    file(name, bytes.length, new java.io.ByteArrayInputStream(bytes));
  }

  /** A file of exactly {@code size} bytes read from {@code content} (fewer: an IOException, and the archive is not to be kept). */
  void file(String name, long size, InputStream content) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      throw new IOException("tar member name longer than 100 bytes: " + name);
    }
    byte[] h = new byte[BLOCK];
    System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    if (size < 077777777777L) {
      octal(h, 124, 12, size);
    } else {
      h[124] = (byte) 0x80;
      for (int i = 0; i < 8; i++) {
        h[135 - i] = (byte) (size >>> (8 * i));
      }
    }
    octal(h, 136, 12, 0);
    h[156] = '0';
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    out.write(h);
    byte[] buf = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = content.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException(name + ": " + left + " bytes short of " + size);
      }
      out.write(buf, 0, n);
      left -= n;
    }
    int pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
    out.write(new byte[pad]);
  }

  private static void octal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    int digits = len - 1;
    StringBuilder padded = new StringBuilder();
    for (int i = s.length(); i < digits; i++) {
      padded.append('0');
    }
    padded.append(s);
    byte[] b = padded.toString().getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, b.length - digits, h, off, digits);
    h[off + digits] = 0;
  }

  /** The end: two empty blocks. The stream is the caller's to close. */
  @Override
  public void close() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }
}
