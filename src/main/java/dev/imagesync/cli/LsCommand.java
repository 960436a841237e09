package dev.imagesync.cli;

import dev.imagesync.image.ImageReference;
import dev.imagesync.image.Json;
import dev.imagesync.registry.ManifestHead;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.registry.RepositoryClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagesync ls REPOSITORY}: a repository's tags, every page, as crane ls and skopeo list-tags give them. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    description = "Lists the tags of a repository, one per line (every page of the registry's tag list); --digests adds each tag's digest.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:listed", " 1:the registry refused or failed (one line says why)", " 2:bad input"},
    footerHeading = "%nExamples:%n",
    footer = {"  imagesync ls ghcr.io/org/app", "  imagesync ls registry.example.com/mirror/nginx --digests -o json"})
final class LsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPOSITORY", description = "e.g. nginx, ghcr.io/org/app (a tag, if given, is ignored)")
  String repository;

  @Option(names = "--digests", description = "each tag's digest too (a HEAD per tag, several at once; no pull is counted)")
  boolean digests;

  @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
      description = "text: a tag per line (TAG<TAB>DIGEST with --digests); json: one document with the repository and its tags")
  String output;

  @Mixin RegistryOptions registries;
  @Mixin CredentialOptions credentials;
  @Mixin OutputOptions logging;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    Outputs.check(output);
    ImageReference ref = RegistryAccess.reference(repository, "REPOSITORY");
    PrintWriter out = spec.commandLine().getOut();
    try (RegistrySession session = RegistryAccess.session(registries, credentials, Optional.empty(), ref)) {
      RepositoryClient client = session.openForPull(ref);
      List<String> tags = client.listTags();
      List<Optional<ManifestHead>> heads = digests ? RegistryAccess.heads(client, tags) : List.of();
      String name = ref.registry() + "/" + ref.repository();
      if (output.equals("json")) {
        StringBuilder json = new StringBuilder("{\"repository\":").append(Json.quoted(name)).append(",\"tags\":[");
        for (int i = 0; i < tags.size(); i++) {
          json.append(i == 0 ? "" : ",");
          if (digests) {
            json.append("{\"tag\":").append(Json.quoted(tags.get(i))).append(",\"digest\":")
                .append(heads.get(i).map(h -> Json.quoted(h.digest().toString())).orElse("null")).append('}');
          } else {
            json.append(Json.quoted(tags.get(i)));
          }
        }
        out.println(json.append("]}"));
      } else {
        for (int i = 0; i < tags.size(); i++) {
          out.println(digests ? tags.get(i) + "\t" + heads.get(i).map(h -> h.digest().toString()).orElse("-") : tags.get(i));
        }
      }
      out.flush();
      return 0;
    }
  }
}
