package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.DockerConfigFile;
import dev.imagesync.registry.RegistryCredential;
import dev.imagesync.registry.RegistrySession;
import dev.imagesync.secrets.Secrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagesync login REGISTRY -u USER --password-stdin}: as docker login — the login is checked
 * against the registry first (nothing is written for a refused one), then kept in docker's
 * config.json (or its credential helper), where every later run of imagesync, docker, skopeo and
 * crane finds it.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = "Logs in to a registry as docker login does: checks the user name and password against it, then writes them to docker's "
        + "config.json ($DOCKER_CONFIG or ~/.docker), through its credential helper when it names one.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {" 0:logged in", " 1:the registry refused the login, or it could not be reached or stored (one line says why)",
      " 2:bad input"},
    footerHeading = "%nExamples:%n",
    footer = {"  echo \"$ALIYUN_PASSWORD\" | imagesync login registry.cn-hangzhou.aliyuncs.com -u \"$ALIYUN_USERNAME\" --password-stdin",
      "  imagesync login ghcr.io -u octocat --password-stdin < token.txt"})
final class LoginCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REGISTRY", description = "e.g. docker.io, ghcr.io, registry.example.com:5000")
  String registry;

  @Option(names = {"-u", "--username"}, paramLabel = "USER", required = true, description = "the user name")
  String username;

  @Option(names = "--password-stdin", description = "read the password from stdin (without it: asked on the terminal, not echoed)")
  boolean passwordStdin;

  @Mixin RegistryOptions registries;
  @Mixin OutputOptions logging;

  @Override
  public Integer call() throws IOException {
    logging.apply();
    String host = registryName(registry);
    String password = password();
    Secrets.register(password);
    RegistryCredential credential = new RegistryCredential(username, password);
    var proxies = registries.proxies(Main.environment);
    try (RegistrySession session = registries.session(new CredentialOptions().resolve(Main.environment, Optional.empty(), proxies), 1,
        proxies)) {
      session.checkLogin(host, credential);
    }
    String where;
    try {
      where = new DockerConfigFile(Main.environment).store(host, credential);
    } catch (IOException e) {
      throw new dev.imagesync.registry.RegistryException(dev.imagesync.registry.RegistryException.Kind.OTHER,
          "logged in to " + host + ", but cannot keep the login: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("logged in to " + host + " (kept in " + where + ")");
    out.flush();
    return 0;
  }

  /** A registry as docker names it: a host[:port], Docker Hub's aliases folded (no scheme, no path). */
  static String registryName(String text) {
    String t = text.strip().replaceFirst("^https?://", "").replaceFirst("/v[12]/?$", "").replaceFirst("/$", "");
    if (t.isEmpty() || t.contains("/") || t.contains("@")) {
      throw new InputException("REGISTRY: " + text + " is not a registry host (e.g. docker.io, ghcr.io, registry.example.com:5000)");
    }
    return ImageReference.normaliseRegistry(t.toLowerCase(java.util.Locale.ROOT));
  }

  private String password() throws IOException {
    if (passwordStdin) {
      String all = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      String line = all.endsWith("\r\n") ? all.substring(0, all.length() - 2) : all.endsWith("\n") ? all.substring(0, all.length() - 1) : all;
      if (line.isEmpty()) {
        throw new InputException("--password-stdin: stdin held no password");
      }
      return line;
    }
    java.io.Console console = System.console();
    if (console == null) {
      throw new InputException("no password: give it on stdin with --password-stdin (no terminal to ask on)");
    }
    char[] typed = console.readPassword("Password: ");
    if (typed == null || typed.length == 0) {
      throw new InputException("no password given");
    }
    return new String(typed);
  }
}
