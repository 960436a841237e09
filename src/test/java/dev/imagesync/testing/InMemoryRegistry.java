package dev.imagesync.testing;

import dev.imagesync.image.Digest;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Manifest;
import dev.imagesync.registry.BlobContent;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.Repositories;
import dev.imagesync.registry.RepositoryClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Registries in memory, for tests of what copying does in which order: every repository's blobs,
 * manifests and tags, a log of every write ({@code PUT-BLOB repo digest}, {@code PUT-MANIFEST repo
 * reference}, {@code MOUNT …}), and a hook that runs before each write (to block it, fail it, or
 * check what is there at that moment). Not a registry: the end-to-end tests use real ones.
 */
public final class InMemoryRegistry implements Repositories {

  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Manifest> manifests = new ConcurrentHashMap<>();
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private volatile Consumer<String> beforeWrite = w -> {};
  private final java.util.Set<String> referrersApi = ConcurrentHashMap.newKeySet();

  /** {@code registry} answering the OCI referrers API (from the {@code subject} of what it holds), as a 1.1 registry does. */
  public InMemoryRegistry withReferrersApi(String registry) {
    referrersApi.add(registry);
    return this;
  }

  /** Runs before each write with its log line; it may block, or throw to fail the write. */
  public void beforeWrite(Consumer<String> hook) {
    this.beforeWrite = hook;
  }

  /** The writes so far, in order. */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  public void putBlob(String repository, byte[] bytes) {
    blobs.put(repository + "@" + Digest.sha256(bytes), bytes);
  }

  public void putManifest(String repository, String reference, Manifest manifest) {
    manifests.put(repository + ":" + reference, manifest);
    manifests.put(repository + ":" + manifest.digest(), manifest);
  }

  public boolean hasBlob(String repository, Digest digest) {
    return blobs.containsKey(repository + "@" + digest);
  }

  public Optional<Manifest> manifest(String repository, String reference) {
    return Optional.ofNullable(manifests.get(repository + ":" + reference));
  }

  @Override
  public RepositoryClient openForPull(ImageReference repository) {
    return new Client(repository.repositoryName());
  }

  @Override
  public RepositoryClient openForPush(ImageReference repository, Optional<ImageReference> mountSource) {
    return new Client(repository.repositoryName());
  }

  private void write(String line) {
    beforeWrite.accept(line);
    writes.add(line);
  }

  private final class Client implements RepositoryClient {
    private final String name;

    Client(String name) {
      this.name = name;
    }

    @Override
    public Optional<ManifestHead> headManifest(String reference) {
      return manifest(name, reference).map(m -> new ManifestHead(m.digest(), m.mediaType(), m.size()));
    }

    @Override
    public Optional<Manifest> getManifest(String reference) {
      return manifest(name, reference);
    }

    @Override
    public void putManifest(String reference, Manifest manifest) {
      // As a registry does: a manifest whose blobs or children are missing is refused.
      List<Digest> missing = new ArrayList<>();
      if (manifest.isIndex()) {
        manifest.manifests().stream().filter(d -> manifest(name, d.digest().toString()).isEmpty()).forEach(d -> missing.add(d.digest()));
      } else {
        manifest.blobs().stream().filter(d -> !d.isForeign() && !hasBlob(name, d.digest())).forEach(d -> missing.add(d.digest()));
      }
      if (!missing.isEmpty()) {
        throw new RegistryException(RegistryException.Kind.OTHER, name + ": manifest " + reference + " references missing " + missing);
      }
      write("PUT-MANIFEST " + name + " " + reference);
      InMemoryRegistry.this.putManifest(name, reference, manifest);
    }

    /** Deletes the tag alone, as an OCI 1.1 registry does (the manifest stays, by digest and under other tags). */
    @Override
    public TagDeletion deleteTag(String tag) {
      write("DELETE-TAG " + name + " " + tag);
      manifests.remove(name + ":" + tag);
      return TagDeletion.DELETED;
    }

    @Override
    public List<String> listTags() {
      return manifests.keySet().stream().filter(k -> k.startsWith(name + ":") && !k.contains("sha256:"))
          .map(k -> k.substring(name.length() + 1)).sorted().toList();
    }

    @Override
    public Optional<Manifest> referrers(Digest subject, Optional<String> artifactType) {
      if (!referrersApi.contains(name.substring(0, name.indexOf('/')))) {
        return Optional.empty();
      }
      StringBuilder entries = new StringBuilder();
      manifests.entrySet().stream()
          .filter(e -> e.getKey().startsWith(name + ":sha256:"))
          .map(Map.Entry::getValue)
          .filter(m -> m.subject().filter(d -> d.digest().equals(subject)).isPresent())
          .filter(m -> artifactType.isEmpty() || artifactType.equals(m.artifactType()))
          .sorted(java.util.Comparator.comparing(m -> m.digest().toString()))
          .forEach(m -> entries.append(entries.length() == 0 ? "" : ",").append("{\"mediaType\":\"").append(m.mediaType())
              .append("\",\"digest\":\"").append(m.digest()).append("\",\"size\":").append(m.size())
              .append(m.artifactType().map(t -> ",\"artifactType\":\"" + t + "\"").orElse("")).append("}"));
      return Optional.of(Manifest.of(("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
          + entries + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8), null));
    }

    @Override
    public boolean blobExists(Digest digest) {
      return hasBlob(name, digest);
    }

    @Override
    public BlobContent blob(Digest digest) {
      return () -> {
        byte[] b = blobs.get(name + "@" + digest);
        if (b == null) {
          throw new IOException(name + "@" + digest + " not found");
        }
        return (InputStream) new ByteArrayInputStream(b);
      };
    }

    @Override
    public BlobPushOutcome pushBlob(Digest digest, long size, BlobContent content, Optional<String> mountFrom) {
      // A repository of the same registry, as a registry reads mount's from=.
      byte[] there = mountFrom.map(from -> blobs.get(name.substring(0, name.indexOf('/') + 1) + from + "@" + digest)).orElse(null);
      if (there != null) {
        write("MOUNT " + name + " " + digest);
        blobs.put(name + "@" + digest, there);
        return BlobPushOutcome.MOUNTED;
      }
      write("PUT-BLOB " + name + " " + digest);
      try (InputStream in = content.open()) {
        byte[] bytes = in.readAllBytes();
        if (bytes.length != size || !digest.matches(bytes)) {
          throw new RegistryException(RegistryException.Kind.OTHER, name + ": blob " + digest + " does not match its content");
        }
        blobs.put(name + "@" + digest, bytes);
      } catch (IOException e) {
        throw new RegistryException(RegistryException.Kind.NETWORK, "reading " + digest + ": " + e.getMessage());
      }
      return BlobPushOutcome.UPLOADED;
    }
  }
}
