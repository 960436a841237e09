package dev.imagesync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagesync.config.InputException;
import dev.imagesync.image.Descriptor;
import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Json;
import dev.imagesync.image.Manifest;
import dev.imagesync.image.Platform;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.registry.RepositoryClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagesync inspect IMAGE}: what skopeo inspect and crane manifest/config tell, from the
 * manifest (and, for one image, its config): digest, media type, size, platforms, annotations,
 * referrers. {@code --raw} prints the manifest's bytes exactly as served.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Shows an image: its digest, media type and size, its platforms (each child's digest and size), annotations and how many "
        + "referrers it has; --raw prints the manifest exactly as the registry serves it (its sha256 is the digest), --config the config blob.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:shown", " 1:not found, or the registry refused or failed (one line says why)", " 2:bad input"},
    footerHeading = "%nExamples:%n",
    footer = {"  imagesync inspect nginx:1.25", "  imagesync inspect ghcr.io/org/app:1.0 --platform linux/arm64 -o json",
      "  imagesync inspect registry.example.com/mirror/app:1.0 --raw | sha256sum"})
final class InspectCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "e.g. nginx:1.25, ghcr.io/org/app@sha256:...; no tag means latest")
  String image;

  @Option(names = "--raw", description = "print the manifest's bytes exactly as served, nothing else")
  boolean raw;

  @Option(names = "--config", description = "print the config blob's bytes (of the platform --platform picks, for a multi-platform image)")
  boolean config;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "for a multi-platform image, show this platform's image")
  String platform;

  @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text", description = "text (for people) or json (for scripts)")
  String output;

  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions logging;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    Outputs.check(output);
    if (raw && config) {
      throw new InputException("--raw and --config: one at a time");
    }
    ImageReference named = RegistryAccess.reference(image, "IMAGE");
    ImageReference ref = named.tag().isEmpty() && named.digest().isEmpty() ? named.withTag("latest") : named;
    Optional<Platform> wanted;
    try {
      wanted = Optional.ofNullable(platform).map(Platform::parseRequested);
    } catch (IllegalArgumentException e) {
      throw new InputException("--platform: " + e.getMessage());
    }
    try (RegistrySession session = RegistryAccess.session(registries, credentials, Optional.empty(), ref)) {
      RepositoryClient client = session.openForPull(ref);
      String reference = ref.manifestReference();
      Manifest top = client.getManifest(reference).orElseThrow(() -> new RegistryException(RegistryException.Kind.NOT_FOUND,
          ref + ": no such image (the registry has no manifest " + reference + ")"));
      Manifest shown = top;
      if (wanted.isPresent() && top.isIndex()) {
        Platform p = wanted.get();
        Descriptor child = top.manifests().stream().filter(d -> d.platform().filter(p::matches).isPresent()).findFirst()
            .orElseThrow(() -> new RegistryException(RegistryException.Kind.NOT_FOUND, ref + " has no " + p + " image (it has "
                + String.join(", ", top.manifests().stream().map(d -> d.platform().map(Platform::toString).orElse("?")).toList()) + ")"));
        shown = client.getManifest(child.digest().toString()).orElseThrow(() -> new RegistryException(RegistryException.Kind.NOT_FOUND,
            ref + ": its " + p + " manifest " + child.digest() + " is missing"));
      }
      OutputStream bytes = System.out;
      if (raw) {
        PrintWriter out = spec.commandLine().getOut();
        out.flush();
        bytes.write(shown.bytes());
        bytes.flush();
        return 0;
      }
      if (config) {
        if (shown.isIndex()) {
          throw new InputException("--config: " + ref + " is a multi-platform image; pick one with --platform");
        }
        try (InputStream in = client.blob(shown.config().digest()).open()) {
          in.transferTo(bytes);
        }
        bytes.flush();
        return 0;
      }
      print(ref, shown, client);
      return 0;
    }
  }

  private void print(ImageReference ref, Manifest m, RepositoryClient client) throws java.io.IOException {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> annotations = annotations(m);
    Optional<Integer> referrers = referrers(client, m);
    Optional<Platform> own = m.isIndex() ? Optional.empty() : platformOf(client, m);
    if (output.equals("json")) {
      // Written by the mapper Json.quoted uses: compact, keys in this order.
      ObjectNode json = Json.mapper().createObjectNode().put("name", ref.toString()).put("digest", m.digest().toString())
          .put("mediaType", m.mediaType()).put("size", m.size());
      if (m.isIndex()) {
        ArrayNode platforms = json.putArray("platforms");
        for (Descriptor d : m.manifests()) {
          platforms.addObject().put("platform", d.platform().map(Platform::toString).orElse(null)).put("digest", d.digest().toString())
              .put("mediaType", d.mediaType()).put("size", d.size());
        }
      } else {
        json.put("platform", own.map(Platform::toString).orElse(null));
        json.putObject("config").put("digest", m.config().digest().toString()).put("size", m.config().size());
        ArrayNode layers = json.putArray("layers");
        for (Descriptor d : m.layers()) {
          layers.addObject().put("digest", d.digest().toString()).put("mediaType", d.mediaType()).put("size", d.size());
        }
      }
      ObjectNode annotated = json.putObject("annotations");
      annotations.forEach(annotated::put);
      json.put("referrers", referrers.orElse(null)); // null when not known
      out.println(Json.mapper().writeValueAsString(json));
      out.flush();
      return;
    }
    out.println("Name:        " + ref);
    out.println("Digest:      " + m.digest());
    out.println("MediaType:   " + m.mediaType());
    out.println("Size:        " + m.size());
    if (m.isIndex()) {
      out.println("Platforms:");
      for (Descriptor d : m.manifests()) {
        out.println("  " + pad(d.platform().map(Platform::toString).orElse("(none)"), 16) + " " + d.digest() + "  " + d.size());
      }
    } else {
      own.ifPresent(p -> out.println("Platform:    " + p));
      out.println("Config:      " + m.config().digest() + "  " + m.config().size());
      long total = m.layers().stream().mapToLong(Descriptor::size).sum();
      out.println("Layers:      " + m.layers().size() + " (" + total + " bytes)");
      for (Descriptor d : m.layers()) {
        out.println("  " + d.digest() + "  " + d.size());
      }
    }
    if (!annotations.isEmpty()) {
      out.println("Annotations:");
      annotations.forEach((k, v) -> out.println("  " + k + ": " + v));
    }
    out.println("Referrers:   " + referrers.map(String::valueOf).orElse("unknown (the registry cannot list them)"));
    out.flush();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static Map<String, String> annotations(Manifest m) throws java.io.IOException {
    Map<String, String> all = new LinkedHashMap<>();
    JsonNode node = Json.mapper().readTree(m.bytes()).path("annotations");
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      all.put(e.getKey(), e.getValue().asText());
    }
    return all;
  }

  /** How many manifests refer to this one (the referrers API, or the tag scheme where there is none); empty when not known. */
  private static Optional<Integer> referrers(RepositoryClient client, Manifest m) {
    try {
      return Optional.of(client.referrers(m.digest(), Optional.empty()).map(r -> r.manifests().size()).orElse(0));
    } catch (RegistryException e) {
      return Optional.empty();
    }
  }

  /** An image's platform, from its config (one small blob read). */
  private static Optional<Platform> platformOf(RepositoryClient client, Manifest m) {
    try (InputStream in = client.blob(m.config().digest()).open()) {
      return Optional.of(Manifest.platformOfConfig(in.readNBytes(1 << 20))).filter(p -> !p.isUnknown());
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
