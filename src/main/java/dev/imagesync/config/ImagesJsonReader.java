package dev.imagesync.config;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Platform;
import dev.imagesync.image.SemverRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code images.json}: an array of {@code {source, target, tags, architectures}} objects,
 * the format of the skopeo workflows, plus tag selection fields of our own ({@code allTags},
 * {@code tagPattern}, {@code semver}, {@code newest}).
 */
final class ImagesJsonReader {

  static final Set<String> FIELDS =
      Set.of("source", "target", "tags", "architectures", "strictPlatforms", "allTags", "tagPattern", "semver", "newest", "referrers",
          "prune", "repositories", "exclude", "verify");

  private ImagesJsonReader() {}

  static List<SyncRule> read(Located root, Naming naming) {
    if (!(root instanceof Located.Arr list)) {
      throw InputException.at(root.at(), "expected a JSON array of images ([{\"source\": ...}, ...]), found " + root.describe());
    }
    if (list.items().isEmpty()) {
      throw InputException.at(root.at(), "the list has no images");
    }
    List<SyncRule> rules = new ArrayList<>();
    int index = 0;
    for (Located item : list.items()) {
      index++;
      rules.add(entry(item, index, naming));
    }
    return rules;
  }

  private static SyncRule entry(Located item, int index, Naming naming) {
    String e = "entry " + index + ": ";
    if (!(item instanceof Located.Obj obj)) {
      throw InputException.at(item.at(), e + "expected an object, found " + item.describe());
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Located.Entry field : obj.entries()) {
      if (!FIELDS.contains(field.key())) {
        throw InputException.at(field.keyAt(), e + "unknown field '" + field.key()
            + "' (known: source, target, tags, architectures, strictPlatforms, allTags, tagPattern, semver, newest, referrers, prune,"
            + " repositories, exclude)");
      }
      if (!seen.add(field.key())) {
        throw InputException.at(field.keyAt(), e + "field '" + field.key() + "' appears twice");
      }
    }
    Located sourceValue = obj.entry("source").map(Located.Entry::value)
        .orElseThrow(() -> InputException.at(obj.at(), e + "'source' is missing"));
    String sourceText = Values.string(sourceValue, e + "'source'");
    if (SyncRule.namesCatalog(sourceText)) {
      return catalogEntry(obj, sourceText, sourceValue, e, naming);
    }
    for (String onlyCatalogs : List.of("repositories", "exclude")) {
      obj.entry(onlyCatalogs).ifPresent(f -> {
        throw InputException.at(f.keyAt(), e + "'" + onlyCatalogs + "' filters the repositories of a source ending in /* (registry/team/*)");
      });
    }
    ImageReference source;
    try {
      source = ImageReference.parse(sourceText);
    } catch (IllegalArgumentException invalid) {
      throw InputException.at(sourceValue.at(), e + "'source': " + invalid.getMessage());
    }

    TagSelection.Listed filters = filters(obj, e);
    boolean allTags = obj.entry("allTags").map(f -> Values.bool(f.value(), e + "'allTags'")).orElse(false);
    boolean listed = allTags || filters.pattern().isPresent() || filters.range().isPresent() || filters.newest().isPresent();

    Optional<Located> tagsValue = obj.entry("tags").map(Located.Entry::value);
    List<String> tags = List.of();
    TagSelection selection;
    if (listed) {
      if (source.tag().isPresent() || source.digest().isPresent()) {
        throw InputException.at(sourceValue.at(), e + "'source' names a tag or digest, and the entry also selects tags"
            + " (allTags, tagPattern, semver, newest); give the repository alone");
      }
      if (tagsValue.isPresent()) {
        throw InputException.at(tagsValue.get().at(), e + "'tags' renames one source tag; it cannot go with a tag selection (each selected tag keeps its name)");
      }
      selection = filters;
    } else {
      selection = new TagSelection.Fixed();
      if (tagsValue.isPresent()) {
        tags = List.copyOf(new LinkedHashSet<>(Values.strings(tagsValue.get(), e + "'tags'")));
        Values.checkTags(tags, tagsValue.get().at(), e + "'tags'");
      } else if (source.tag().isEmpty() && source.digest().isPresent()) {
        throw InputException.at(sourceValue.at(), e + "'source' is pinned by digest; give 'tags' for the destination");
      } else {
        source = source.tag().isPresent() ? source : source.withTag("latest");
      }
    }

    ImageReference sourceRef = source;
    ImageReference destination = obj.entry("target")
        .map(f -> naming.namedTarget(Values.string(f.value(), e + "'target'"), f.value().at()))
        .orElseGet(() -> naming.implicitTarget(sourceRef, obj.at()));
    CatalogSources.SyncRuleOptions o = options(obj, e, listed);
    return new SyncRule(source, selection, List.of(new SyncRule.Target(destination, tags)), o.platforms(), o.origin(), o.referrers(),
        o.strictPlatforms(), o.prune(), Optional.empty(), o.verify());
  }

  /** The entry's tag filters: tagPattern, semver, newest (none of them: every tag). */
  private static TagSelection.Listed filters(Located.Obj obj, String e) {
    Optional<Pattern> pattern = obj.entry("tagPattern").map(f -> Values.regex(Values.string(f.value(), e + "'tagPattern'"), f.value().at(), e + "'tagPattern'"));
    Optional<SemverRange> range = obj.entry("semver").map(f -> {
      try {
        return SemverRange.parse(Values.string(f.value(), e + "'semver'"));
      } catch (IllegalArgumentException invalid) {
        throw InputException.at(f.value().at(), e + "'semver': " + invalid.getMessage());
      }
    });
    OptionalInt newest = obj.entry("newest").map(f -> OptionalInt.of(Values.positiveInt(f.value(), e + "'newest'"))).orElse(OptionalInt.empty());
    return new TagSelection.Listed(pattern, range, newest);
  }

  /** What an entry says besides its source, tags and target: architectures, referrers, strictPlatforms, prune, and where it is. */
  private static CatalogSources.SyncRuleOptions options(Located.Obj obj, String e, boolean listed) {
    List<Platform> platforms = obj.entry("architectures")
        .map(f -> Values.platforms(Values.strings(f.value(), e + "'architectures'"), f.value().at(), e + "'architectures'"))
        .orElse(List.of());
    boolean referrers = obj.entry("referrers").map(f -> Values.bool(f.value(), e + "'referrers'")).orElse(false);
    boolean strictPlatforms = obj.entry("strictPlatforms").map(f -> Values.bool(f.value(), e + "'strictPlatforms'")).orElse(false);
    String origin = obj.at().substring(0, obj.at().lastIndexOf(':'));
    return new CatalogSources.SyncRuleOptions(platforms, origin, referrers, strictPlatforms, prune(obj, e, listed), verify(obj, e));
  }

  /**
   * {@code "verify": {"key": "cosign.pub"}} ({@code "keys": [...]}, {@code "signatures": "REPO"}):
   * key files relative to the list file; each read now, so a wrong one is the list's error.
   */
  private static Optional<Verification> verify(Located.Obj obj, String e) {
    Optional<Located.Entry> field = obj.entry("verify");
    if (field.isEmpty()) {
      return Optional.empty();
    }
    if (!(field.get().value() instanceof Located.Obj v)) {
      throw InputException.at(field.get().value().at(), e + "'verify' is an object, e.g. {\"key\": \"cosign.pub\"}, found "
          + field.get().value().describe());
    }
    List<Located> named = new java.util.ArrayList<>();
    for (Located.Entry f : v.entries()) {
      switch (f.key()) {
        case "key" -> named.add(f.value());
        case "keys" -> {
          if (!(f.value() instanceof Located.Arr arr) || arr.items().isEmpty()) {
            throw InputException.at(f.value().at(), e + "'verify': 'keys' is a list of key files, found " + f.value().describe());
          }
          named.addAll(arr.items());
        }
        case "signatures", "identity", "issuer", "trustedRoot" -> { }
        default -> throw InputException.at(f.keyAt(), e + "'verify': unknown field '" + f.key()
            + "' (known: key, keys, signatures, identity, issuer, trustedRoot)");
      }
    }
    java.nio.file.Path base = listDirectory(obj.at());
    Optional<Verification.Keyless> keyless = keyless(v, e, base);
    if (named.isEmpty() && keyless.isEmpty()) {
      throw InputException.at(field.get().value().at(), e + "'verify' names no key and no identity: {\"key\": \"cosign.pub\"} or"
          + " {\"identity\": \"REGEX\", \"issuer\": \"URL\"}");
    }
    List<dev.imagesync.image.VerificationKey> keys = new java.util.ArrayList<>();
    for (Located k : named) {
      String name = Values.string(k, e + "'verify' key");
      try {
        keys.add(dev.imagesync.image.VerificationKey.read(base.resolve(name)));
      } catch (IllegalArgumentException x) { // InvalidPathException too
        throw InputException.at(k.at(), e + "'verify': " + x.getMessage());
      }
    }
    Optional<ImageReference> signatures = v.entry("signatures").map(f -> {
      String text = Values.string(f.value(), e + "'verify' signatures");
      try {
        ImageReference r = ImageReference.parse(text);
        if (r.tag().isPresent() || r.digest().isPresent() || r.isLayout()) {
          throw new IllegalArgumentException("a repository, without tag or digest");
        }
        return r;
      } catch (IllegalArgumentException x) {
        throw InputException.at(f.value().at(), e + "'verify': 'signatures' is a repository on the source's registry (" + x.getMessage() + ")");
      }
    });
    return Optional.of(new Verification(keys, signatures, keyless));
  }

  /** {@code "identity": "REGEX", "issuer": "URL"} (both, or neither), and {@code "trustedRoot"} when the list names one. */
  private static Optional<Verification.Keyless> keyless(Located.Obj v, String e, java.nio.file.Path base) {
    Optional<Located.Entry> identity = v.entry("identity");
    Optional<Located.Entry> issuer = v.entry("issuer");
    if (identity.isEmpty() && issuer.isEmpty()) {
      v.entry("trustedRoot").ifPresent(f -> {
        throw InputException.at(f.keyAt(), e + "'verify': 'trustedRoot' is for keyless verification (identity, issuer)");
      });
      return Optional.empty();
    }
    if (identity.isEmpty() || issuer.isEmpty()) {
      throw InputException.at(v.at(), e + "'verify': keyless verification needs both 'identity' (a regular expression the signer's"
          + " certificate must match whole) and 'issuer' (its OIDC issuer URL)");
    }
    java.util.regex.Pattern pattern = Values.regex(Values.string(identity.get().value(), e + "'verify' identity"), identity.get().value().at(),
        e + "'verify' identity");
    String url = Values.string(issuer.get().value(), e + "'verify' issuer");
    Optional<dev.imagesync.image.TrustedRoot> root = v.entry("trustedRoot").map(f -> {
      try {
        return dev.imagesync.image.TrustedRoot.read(base.resolve(Values.string(f.value(), e + "'verify' trustedRoot")));
      } catch (IllegalArgumentException x) {
        throw InputException.at(f.value().at(), e + "'verify': " + x.getMessage());
      }
    });
    return Optional.of(new Verification.Keyless(pattern, url, root));
  }

  /** The directory of the list a value is from ({@code FILE:LINE:COLUMN}), for paths relative to it. */
  private static java.nio.file.Path listDirectory(String at) {
    String file = at.replaceFirst(":\\d+:\\d+$", "").replaceFirst(":\\d+$", "");
    if (file.matches("https?://.*")) {
      return java.nio.file.Path.of("");
    }
    java.nio.file.Path parent = java.nio.file.Path.of(file).toAbsolutePath().getParent();
    return parent == null ? java.nio.file.Path.of("") : parent;
  }

  private static boolean prune(Located.Obj obj, String e, boolean listed) {
    Optional<Located.Entry> field = obj.entry("prune");
    boolean prune = field.map(f -> Values.bool(f.value(), e + "'prune'")).orElse(false);
    if (prune && !listed) {
      throw InputException.at(field.get().keyAt(), e + "'prune' deletes tags gone at the source among those the entry selects:"
          + " it needs allTags, tagPattern, semver or newest");
    }
    return prune;
  }

  /** {@code "source": "registry.example.com/team/*"}: every repository under the namespace, every tag unless the entry selects. */
  private static SyncRule catalogEntry(Located.Obj obj, String sourceText, Located sourceValue, String e, Naming naming) {
    obj.entry("tags").ifPresent(f -> {
      throw InputException.at(f.keyAt(), e + "'tags' renames one source tag; a source of many repositories takes allTags, tagPattern, semver or newest");
    });
    TagSelection.Listed filters = filters(obj, e);
    Optional<Pattern> include = obj.entry("repositories")
        .map(f -> Values.regex(Values.string(f.value(), e + "'repositories'"), f.value().at(), e + "'repositories'"));
    Optional<Pattern> exclude = obj.entry("exclude").map(f -> Values.regex(Values.string(f.value(), e + "'exclude'"), f.value().at(), e + "'exclude'"));
    Optional<ImageReference> target = obj.entry("target").map(f -> naming.namedTarget(Values.string(f.value(), e + "'target'"), f.value().at()));
    return CatalogSources.rule(sourceText, sourceValue.at(), e + "'source': ", filters, include, exclude, target, naming,
        options(obj, e, true));
  }
}
