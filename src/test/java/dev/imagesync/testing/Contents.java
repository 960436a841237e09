package dev.imagesync.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Proves a copy: walks a destination image (index → manifests → config and layers) over the raw
 * API and checks that every document and blob is there and hashes to its digest, and that each
 * manifest is byte-identical to the source's.
 */
public final class Contents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Contents() {}

  /** Asserts {@code dst/dstRepo@digest} and everything under it equals {@code src/srcRepo}'s, byte for byte. */
  public static int assertSameTree(RawRegistry src, String srcRepo, RawRegistry dst, String dstRepo, String digest) {
    return walk(src, srcRepo, dst, dstRepo, digest, new HashSet<>());
  }

  private static int walk(RawRegistry src, String srcRepo, RawRegistry dst, String dstRepo, String digest, Set<String> seen) {
    if (!seen.add(digest)) {
      return 0;
    }
    byte[] there = dst.getManifest(dstRepo, digest).orElseThrow(() -> new AssertionError("missing manifest " + dstRepo + "@" + digest)).bytes();
    byte[] here = src.getManifest(srcRepo, digest).orElseThrow(() -> new AssertionError("source lacks " + digest)).bytes();
    assertArrayEquals(here, there, "manifest " + digest + " differs");
    assertEquals(digest, RawRegistry.sha256(there));
    int checked = 1;
    JsonNode json = parse(there);
    for (JsonNode child : json.path("manifests")) {
      checked += walk(src, srcRepo, dst, dstRepo, child.path("digest").asText(), seen);
    }
    checked += assertBlobs(dst, dstRepo, json, seen);
    return checked;
  }

  /** Asserts every blob a manifest document references is in {@code repo} and hashes to its digest. */
  public static int assertBlobs(RawRegistry dst, String repo, JsonNode manifest, Set<String> seen) {
    int checked = 0;
    JsonNode config = manifest.path("config");
    if (!config.isMissingNode()) {
      checked += assertBlob(dst, repo, config.path("digest").asText(), seen);
    }
    for (JsonNode layer : manifest.path("layers")) {
      checked += assertBlob(dst, repo, layer.path("digest").asText(), seen);
    }
    return checked;
  }

  private static int assertBlob(RawRegistry dst, String repo, String digest, Set<String> seen) {
    if (!seen.add(digest)) {
      return 0;
    }
    String actual = dst.blobDigest(repo, digest).orElseThrow(() -> new AssertionError("missing blob " + repo + "@" + digest));
    assertEquals(digest, actual, "blob content does not match its digest");
    return 1;
  }

  public static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new AssertionError("not JSON", e);
    }
  }
}
