package dev.imagesync.cli;

import dev.imagesync.config.AuthFileReader;
import dev.imagesync.config.CredentialFlag;
import dev.imagesync.config.InputException;
import dev.imagesync.config.SyncJob;
import dev.imagesync.registry.CredentialProvider;
import dev.imagesync.registry.DockerConfigCredentials;
import dev.imagesync.registry.ExplicitCredentials;
import dev.imagesync.registry.PrefixCredentials;
import dev.imagesync.registry.RegistryCredential;
import dev.imagesync.registry.WorkflowEnvironmentCredentials;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where credentials come from, first match wins, per repository: --src-creds/--dest-creds,
 * --auth auth.yaml, the workflow variables, Docker's config, then anonymous.
 */
final class CredentialOptions {

  @Option(names = "--src-creds", paramLabel = "USER:PASS", description = "credentials for the source registry (PASS may be @FILE or env:NAME)")
  String sourceCredentials;

  @Option(names = "--dest-creds", paramLabel = "USER:PASS", description = "credentials for the destination registry (PASS may be @FILE or env:NAME)")
  String destinationCredentials;

  @Option(names = "--auth", paramLabel = "FILE", description = "image-syncer's auth.yaml: registry or registry/namespace → username, password, insecure")
  Path authFile;

  /** The chain, and the hosts the auth file marks insecure. */
  /** The credentials, the hosts auth.yaml marks insecure, and the registry mirrors it names ({@code mirror:}). */
  record Resolved(CredentialProvider provider, Set<String> insecureHosts, Map<String, String> mirrors) {}

  /**
   * {@code destinationRegistry}: where --to (or ALIYUN_REGISTRY) sends the images, if anywhere;
   * {@code proxies}: how ECR's API is reached for a login from the AWS keys.
   */
  Resolved resolve(Map<String, String> env, Optional<String> destinationRegistry, dev.imagesync.http.ProxySettings proxies) {
    Optional<RegistryCredential> src = Optional.ofNullable(sourceCredentials).map(v -> CredentialFlag.parse("--src-creds", v, env));
    Optional<RegistryCredential> dst = Optional.ofNullable(destinationCredentials).map(v -> CredentialFlag.parse("--dest-creds", v, env));
    List<CredentialProvider> chain = new ArrayList<>();
    chain.add(new ExplicitCredentials(src, dst));
    Set<String> insecure = Set.of();
    Map<String, String> mirrors = Map.of();
    if (authFile != null) {
      AuthFileReader.AuthFile auth = AuthFileReader.read(authFile, env);
      chain.add(new PrefixCredentials(auth.entries()));
      insecure = auth.insecureHosts();
      mirrors = auth.mirrors();
    }
    chain.add(new WorkflowEnvironmentCredentials(env, destinationRegistry));
    chain.add(new DockerConfigCredentials(env));
    if (dev.imagesync.ecr.EcrLogins.configured(env)) {
      // Last: a password given any other way (aws ecr get-login-password into auth.yaml, docker login) wins.
      chain.add(new dev.imagesync.ecr.EcrLogins(env, dev.imagesync.http.HttpClientTransport.forFewRequests(proxies)));
    }
    return new Resolved(CredentialProvider.firstOf(chain), insecure, mirrors);
  }

  /**
   * --src-creds and --dest-creds name one registry each, as in skopeo. With a list whose sources
   * (or destinations) span several registries they would be sent to all of them, so that is
   * refused: per-registry credentials belong in --auth.
   */
  void checkUnambiguous(List<SyncJob> jobs) {
    check("--src-creds", sourceCredentials, jobs, j -> j.source().registry());
    check("--dest-creds", destinationCredentials, jobs, j -> j.destination().registry());
  }

  private static void check(String flag, String value, List<SyncJob> jobs, Function<SyncJob, String> registry) {
    if (value == null) {
      return;
    }
    Set<String> registries = new TreeSet<>();
    jobs.forEach(j -> registries.add(registry.apply(j)));
    if (registries.size() > 1) {
      throw new InputException(flag + " would be sent to " + registries.size() + " registries (" + String.join(", ", registries)
          + "); give per-registry credentials with --auth instead");
    }
  }
}
