package dev.imagesync.ecr;

import dev.imagesync.http.Transport;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.CredentialProvider;
import dev.imagesync.registry.EcrHost;
import dev.imagesync.registry.RegistryCredential;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.secrets.Secrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins to Amazon ECR registries ({@code ACCOUNT.dkr.ecr.REGION.amazonaws.com}) from the AWS
 * keys in the environment, as {@code aws ecr get-login-password} gets them: ECR's {@code
 * GetAuthorizationToken}, whose token is {@code base64("AWS:" + password)} and lasts 12 hours.
 * One call per registry per run: a refusal (keys wrong, no right) is kept and told to every
 * repository there, not asked again; a failure that may pass (the API unreachable) is not kept.
 */
public final class EcrLogins implements CredentialProvider {

  private final Map<String, String> env;
  private final EcrApi api;
  private final Map<String, Login> byRegistry = new ConcurrentHashMap<>();

  /** A login, or ECR's refusal of the keys. */
  private record Login(RegistryCredential credential, RegistryException refused) {
    RegistryCredential get() {
      if (refused != null) {
        throw new RegistryException(refused.kind(), refused.getMessage());
      }
      return credential;
    }
  }

  public EcrLogins(Map<String, String> env, Transport http) {
    this.env = env;
    this.api = new EcrApi(env, http);
  }

  /** Whether the AWS keys are in the environment (else this provider has nothing to give). */
  public static boolean configured(Map<String, String> env) {
    return EcrApi.configured(env);
  }

  @Override
  public Optional<RegistryCredential> credentialFor(ImageReference repository, Role role) {
    Optional<EcrHost> ecr = EcrHost.of(repository.registry());
    if (ecr.isEmpty() || !configured(env)) {
      return Optional.empty();
    }
    return Optional.of(byRegistry.computeIfAbsent(repository.registry(), r -> login(r, ecr.get())).get());
  }

  private Login login(String registry, EcrHost host) {
    String where = "cannot get a login for " + registry + " from the AWS keys";
    EcrApi.Answer answer = api.call(host, "GetAuthorizationToken", "{}", where);
    if (answer.status() != 200) {
      return new Login(null, new RegistryException(RegistryException.Kind.UNAUTHORIZED, where + " (ECR GetAuthorizationToken): HTTP "
          + answer.status() + " " + Secrets.redact(answer.error())));
    }
    String token = answer.json().path("authorizationData").path(0).path("authorizationToken").asText("");
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return new Login(null, new RegistryException(RegistryException.Kind.UNAUTHORIZED, where
          + " (ECR GetAuthorizationToken): the answer holds no token"));
    }
    return new Login(new RegistryCredential(decoded.substring(0, colon), decoded.substring(colon + 1)), null);
  }
}
