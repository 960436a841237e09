package dev.imagesync.cli;

import dev.imagesync.registry.DockerConfigFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imagesync logout REGISTRY}: removes the login docker's config.json (or its credential helper) keeps for it. */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = "Removes the login for a registry from docker's config.json ($DOCKER_CONFIG or ~/.docker), through its credential "
        + "helper when it names one, as docker logout does.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:logged out, or there was no login", " 1:the file or the helper could not be changed", " 2:bad input"},
    footerHeading = "%nExamples:%n",
    footer = {"  imagesync logout ghcr.io"})
final class LogoutCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REGISTRY", description = "e.g. docker.io, ghcr.io, registry.example.com:5000")
  String registry;

  @Override
  public Integer call() {
    String host = LoginCommand.registryName(registry);
    Optional<String> from;
    try {
      from = new DockerConfigFile(Main.environment).erase(host);
    } catch (IOException e) {
      throw new dev.imagesync.registry.RegistryException(dev.imagesync.registry.RegistryException.Kind.OTHER,
          "cannot log out of " + host + ": " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(from.map(f -> "logged out of " + host + " (removed from " + f + ")").orElse("not logged in to " + host));
    out.flush();
    return 0;
  }
}
