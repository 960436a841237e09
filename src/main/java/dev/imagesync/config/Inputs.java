package dev.imagesync.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every input of one command — list files, mapping strings, compose files — read into one list
 * of {@link SyncRule}s, with the notices (repairs, repeated keys) the user should see.
 */
public final class Inputs {

  /** A list file's format; by default it comes from the file name. */
  public enum Format {
    JSON,
    MARKDOWN,
    YAML;

    /** {@code --format} values: json, md (markdown, txt), yaml (yml). */
    public static Format parse(String text) {
      return switch (text.toLowerCase(Locale.ROOT)) {
        case "json" -> JSON;
        case "md", "markdown", "txt", "text" -> MARKDOWN;
        case "yaml", "yml" -> YAML;
        default -> throw new InputException("--format: unknown format '" + text + "' (json, md or yaml)");
      };
    }

    static Optional<Format> of(Path file) {
      String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".json")) {
        return Optional.of(JSON);
      }
      if (name.endsWith(".md") || name.endsWith(".markdown") || name.endsWith(".txt")) {
        return Optional.of(MARKDOWN);
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return Optional.of(YAML);
      }
      return Optional.empty();
    }
  }

  /** What a command was given; compose files given by URL come already fetched. */
  public record Request(
      List<Path> files, Optional<Format> format, List<String> mappings, List<Path> composeFiles,
      List<RemoteDocument> composeDocuments, Map<String, String> env) {

    public Request(List<Path> files, Optional<Format> format, List<String> mappings, List<Path> composeFiles, Map<String, String> env) {
      this(files, format, mappings, composeFiles, List.of(), env);
    }
  }

  public record Result(List<SyncRule> rules, List<String> notices) {}

  /** The variable the mapping workflows keep their list in. */
  public static final String MAPPINGS_VARIABLE = "DOCKER_SYNC_MAPPINGS";

  private Inputs() {}

  public static Result read(Request request, Naming naming) {
    List<SyncRule> rules = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    for (Path file : request.files()) {
      String text = file.toString();
      if (SyncRule.namesCatalog(text) && !java.nio.file.Files.exists(file)) {
        // registry.example.com/team/* on the command line: the namespace, as a list's line would name it.
        rules.add(ImageLines.rule(text, "command line", "command line", "", naming));
        continue;
      }
      rules.addAll(readList(file, request.format(), naming, notices));
    }
    for (String mapping : request.mappings()) {
      rules.addAll(MappingReader.read("--mapping", mapping, naming));
    }
    for (Path compose : request.composeFiles()) {
      String name = compose.toString();
      Located root = LocatedParser.parse(name, InputFiles.readText(compose), LocatedParser.Syntax.COMPOSE_YAML)
          .orElseThrow(() -> new InputException(name + ": the file is empty"));
      rules.addAll(ComposeReader.read(name, root, naming, ComposeEnvironment.forFile(compose, request.env())));
    }
    for (RemoteDocument compose : request.composeDocuments()) {
      Located root = LocatedParser.parse(compose.name(), compose.text(), LocatedParser.Syntax.COMPOSE_YAML)
          .orElseThrow(() -> new InputException(compose.name() + ": the file is empty"));
      rules.addAll(ComposeReader.read(compose.name(), root, naming, request.env()));
    }
    boolean nothingNamed = request.files().isEmpty() && request.mappings().isEmpty() && request.composeFiles().isEmpty()
        && request.composeDocuments().isEmpty();
    String fromEnv = request.env().getOrDefault(MAPPINGS_VARIABLE, "");
    if (nothingNamed && !fromEnv.isBlank()) {
      rules.addAll(MappingReader.read(MAPPINGS_VARIABLE, fromEnv, naming));
    }
    if (rules.isEmpty()) {
      throw new InputException("nothing to do: name image lists (FILE...), --mapping or --compose, or set " + MAPPINGS_VARIABLE);
    }
    notices.addAll(naming.notices());
    return new Result(rules, notices);
  }

  private static List<SyncRule> readList(Path file, Optional<Format> forced, Naming naming, List<String> notices) {
    boolean stdin = InputFiles.isStandardInput(file);
    String name = stdin ? InputFiles.STANDARD_INPUT : file.toString();
    String text;
    Format format;
    if (stdin) {
      // A list on standard input has no name to tell its format by: JSON when it starts like
      // JSON, else a markdown list (one image per line); image-syncer's YAML needs --format yaml.
      text = InputFiles.readStandardInput(System.in);
      format = forced.orElse(looksLikeJson(text) ? Format.JSON : Format.MARKDOWN);
    } else {
      format = forced.or(() -> Format.of(file)).orElseThrow(() -> new InputException(
          name + ": cannot tell the format from the file name; name it .json, .md or .yaml, or pass --format json|md|yaml"));
      text = InputFiles.readText(file);
    }
    if (text.isBlank()) {
      throw new InputException(name + ": the file is empty");
    }
    return switch (format) {
      case MARKDOWN -> ImagesMarkdownReader.read(name, text, naming);
      case JSON, YAML -> {
        Located root = LocatedParser.parse(name, text, format == Format.JSON ? LocatedParser.Syntax.JSON : LocatedParser.Syntax.YAML)
            .orElseThrow(() -> new InputException(name + ": the file is empty"));
        // A .json file has two shapes: an array is images.json, a mapping is image-syncer's file
        // spelled in JSON. A .yaml file is image-syncer's.
        yield format == Format.JSON && root instanceof Located.Arr
            ? ImagesJsonReader.read(root, naming)
            : ImageSyncerReader.read(name, root, naming, notices);
      }
    };
  }

  private static boolean looksLikeJson(String text) {
    String t = text.stripLeading();
    return t.startsWith("[") || t.startsWith("{");
  }
}
