package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesync.http.Headers;
import dev.imagesync.http.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumingReadTest {

  private static final URI BLOB = URI.create("https://r.example/v2/a/blobs/sha256:1");
  private static final byte[] CONTENT = pattern(1_000_000);
  private static final Retrying.Policy TWO_RETRIES = new Retrying.Policy(2, Duration.ofMillis(1));

  private final List<Long> asked = new ArrayList<>();

  private static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + i / 251);
    }
    return b;
  }

  /** The bytes from {@code from}, the connection reset after {@code breakAfter} of them (-1: never). */
  private static InputStream breaking(long from, int breakAfter) {
    InputStream rest = new ByteArrayInputStream(CONTENT, (int) from, CONTENT.length - (int) from);
    if (breakAfter < 0) {
      return rest;
    }
    return new InputStream() {
      int left = breakAfter;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
          throw new SocketException("Connection reset");
        }
        int n = rest.read(b, off, Math.min(len, left));
        left -= Math.max(0, n);
        return n;
      }
    };
  }

  private static Response ok(InputStream body) {
    return new Response(BLOB, 200, new Headers(), body);
  }

  private static Response partial(long from, InputStream body) {
    return new Response(BLOB, 206, new Headers().set("Content-Range", "bytes " + from + "-" + (CONTENT.length - 1) + "/" + CONTENT.length), body);
  }

  @Test
  void aReadThatBreaksGoesOnFromTheByteReached() throws Exception {
    ResumingRead read = new ResumingRead(ok(breaking(0, 300_000)), from -> {
      asked.add(from);
      return partial(from, breaking(from, asked.size() == 1 ? 400_000 : -1));
    }, TWO_RETRIES, "r.example/a@sha256:1");

    assertArrayEquals(CONTENT, read.readAllBytes());
    assertEquals(List.of(300_000L, 700_000L), asked);
    assertEquals(2, read.resumes());
  }

  @Test
  void aSourceThatIgnoresRangeSendsItAllAgainAndWhatWasReadIsReadPast() throws Exception {
    ResumingRead read = new ResumingRead(ok(breaking(0, 250_000)), from -> {
      asked.add(from);
      return ok(breaking(0, -1));
    }, TWO_RETRIES, "blob");

    assertArrayEquals(CONTENT, read.readAllBytes());
    assertEquals(List.of(250_000L), asked);
  }

  @Test
  void aRangeThatStartsElsewhereIsRefused() {
    ResumingRead read = new ResumingRead(ok(breaking(0, 10_000)), from -> partial(from - 1, breaking(from - 1, -1)), TWO_RETRIES, "blob");

    IOException e = assertThrows(IOException.class, read::readAllBytes);
    assertTrue(e.getMessage().contains("asked to go on from byte 10000, the source answered with Content-Range bytes 9999-"), e.getMessage());
  }

  @Test
  void breaksWithoutProgressEndAfterTheRetries() {
    ResumingRead read = new ResumingRead(ok(breaking(0, 10_000)), from -> {
      asked.add(from);
      return partial(from, breaking(from, 0));
    }, TWO_RETRIES, "blob");

    IOException e = assertThrows(IOException.class, read::readAllBytes);
    assertEquals("Connection reset", e.getMessage());
    assertEquals(List.of(10_000L, 10_000L), asked, "two retries: two resumes without a byte gained, then the failure");
  }

  @Test
  void breaksAfterProgressStartTheCountAgain() throws Exception {
    // Every connection gives 90,000 bytes: far more breaks than retries, each after progress.
    ResumingRead read = new ResumingRead(ok(breaking(0, 90_000)), from -> {
      asked.add(from);
      return partial(from, breaking(from, 90_000));
    }, TWO_RETRIES, "blob");

    assertArrayEquals(CONTENT, read.readAllBytes());
    assertEquals(11, asked.size());
  }

  @Test
  void aFewBytesPerConnectionIsNoProgress() {
    ResumingRead read = new ResumingRead(ok(breaking(0, 10_000)), from -> {
      asked.add(from);
      return partial(from, breaking(from, 10_000));
    }, TWO_RETRIES, "blob");

    assertThrows(SocketException.class, read::readAllBytes);
    assertEquals(List.of(10_000L, 20_000L), asked, "less than 64 KiB between breaks counts as none");
  }

  @Test
  void aStallOrATrickleIsADeadlineNotABreak() {
    InputStream stalling = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new java.net.SocketTimeoutException("the server is trickling");
      }
    };
    ResumingRead read = new ResumingRead(ok(stalling), from -> {
      asked.add(from);
      return partial(from, breaking(from, -1));
    }, TWO_RETRIES, "blob");

    assertThrows(java.net.SocketTimeoutException.class, read::read);
    assertTrue(asked.isEmpty());
  }

  @Test
  void aFailureOfOursIsNotResumed() {
    RegistryException.Carrier ours = new RegistryException.Carrier(new RegistryException(RegistryException.Kind.OTHER, "too long"));
    InputStream body = new InputStream() {
      @Override
      public int read() throws IOException {
        throw ours;
      }
    };
    ResumingRead read = new ResumingRead(ok(body), from -> {
      asked.add(from);
      return partial(from, breaking(from, -1));
    }, TWO_RETRIES, "blob");

    assertSame(ours, assertThrows(IOException.class, read::read));
    assertTrue(asked.isEmpty());
  }

  @Test
  void noRetriesNoResume() {
    ResumingRead read = new ResumingRead(ok(breaking(0, 10)), from -> partial(from, breaking(from, -1)), new Retrying.Policy(0, Duration.ZERO), "blob");
    assertThrows(SocketException.class, read::readAllBytes);
  }

  @Test
  void contentRangeIsRead() {
    assertEquals(Long.valueOf(5), ResumingRead.start("bytes 5-99/100").orElseThrow());
    assertEquals(Long.valueOf(0), ResumingRead.start("bytes 0-99/*").orElseThrow());
    assertTrue(ResumingRead.start("bytes */100").isEmpty());
    assertTrue(ResumingRead.start("items 5-9/10").isEmpty());
  }
}
