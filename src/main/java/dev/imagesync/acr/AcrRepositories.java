package dev.imagesync.acr;

import dev.imagesync.http.HttpClientTransport;
import dev.imagesync.http.ProxySettings;
import dev.imagesync.image.ImageReference;
import dev.imagesync.registry.RegistryException;
import dev.imagesync.registry.RepositoryCreation;
import dev.imagesync.secrets.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates a destination repository on Aliyun ACR before the first push into it, public unless
 * asked otherwise (a push alone creates it private, and a mirror nobody can pull anonymously is
 * no mirror). An existing repository is left as it is. Applies to destinations on {@code
 * *.aliyuncs.com} and on the {@code ALIYUN_REGISTRY} host.
 */
public final class AcrRepositories implements RepositoryCreation, AutoCloseable {

  /** {@code registry.cn-hangzhou.aliyuncs.com}, {@code registry-vpc.cn-shanghai.aliyuncs.com}, {@code x-registry.cn-beijing.cr.aliyuncs.com}. */
  private static final Pattern REGION_IN_HOST = Pattern.compile("registry(?:-intl|-vpc|-internal)?\\.([a-z0-9-]+)\\.(?:cr\\.)?aliyuncs\\.com$");

  private final AcrApi api;
  private final AcrApi.Visibility visibility;
  private final Optional<String> aliyunRegistry;
  private final HttpClientTransport http;

  private AcrRepositories(AcrApi api, AcrApi.Visibility visibility, Optional<String> aliyunRegistry, HttpClientTransport http) {
    this.api = api;
    this.visibility = visibility;
    this.aliyunRegistry = aliyunRegistry;
    this.http = http;
  }

  /**
   * What the environment and flags ask for: with {@code ALIYUN_ACCESS_KEY_ID}, {@code
   * ALIYUN_ACCESS_KEY_SECRET} and a region ({@code ALIYUN_REGION}, or the one in {@code
   * ALIYUN_REGISTRY}'s host) repositories are created public; {@code create} says public or
   * private explicitly ({@code off}: never). Empty when nothing is to be created. {@code
   * ALIYUN_CR_ENDPOINT} replaces {@code https://cr.REGION.aliyuncs.com} (a VPC endpoint).
   * Throws {@link IllegalArgumentException} for a request that cannot be met (no key).
   */
  public static Optional<AcrRepositories> from(Map<String, String> env, Optional<String> create, Optional<String> instance,
      ProxySettings proxies, Duration timeout) {
    String id = env.getOrDefault("ALIYUN_ACCESS_KEY_ID", "").trim();
    String secret = env.getOrDefault("ALIYUN_ACCESS_KEY_SECRET", "").trim();
    if (!id.isEmpty()) {
      Secrets.register(id);
    }
    if (!secret.isEmpty()) {
      Secrets.register(secret);
    }
    String mode = create.map(c -> c.trim().toLowerCase(Locale.ROOT)).orElse("");
    if (!mode.isEmpty() && !mode.equals("public") && !mode.equals("private") && !mode.equals("off")) {
      throw new IllegalArgumentException("--acr-create: '" + create.get() + "' is not public, private or off");
    }
    if (mode.equals("off")) {
      return Optional.empty();
    }
    Optional<String> aliyunRegistry = Optional.ofNullable(env.get("ALIYUN_REGISTRY")).map(String::trim).filter(s -> !s.isEmpty())
        .map(r -> r.replaceAll("^https?://", "").replaceAll("/.*$", ""));
    Optional<String> region = Optional.ofNullable(env.get("ALIYUN_REGION")).map(String::trim).filter(s -> !s.isEmpty())
        .or(() -> aliyunRegistry.flatMap(AcrRepositories::regionOf));
    boolean keys = !id.isEmpty() && !secret.isEmpty();
    if (mode.isEmpty() && !(keys && region.isPresent())) {
      return Optional.empty(); // not asked for, by flag or by the workflow's variables
    }
    if (!keys) {
      throw new IllegalArgumentException("--acr-create " + mode + " needs ALIYUN_ACCESS_KEY_ID and ALIYUN_ACCESS_KEY_SECRET (an AccessKey with cr:GetRepository and cr:CreateRepository)");
    }
    Optional<String> endpointOverride = Optional.ofNullable(env.get("ALIYUN_CR_ENDPOINT")).map(String::trim).filter(s -> !s.isEmpty());
    if (region.isEmpty() && endpointOverride.isEmpty()) {
      throw new IllegalArgumentException("creating ACR repositories needs ALIYUN_REGION (such as cn-hangzhou)");
    }
    URI endpoint = URI.create(endpointOverride.orElseGet(() -> "https://cr." + region.get() + ".aliyuncs.com"));
    HttpClientTransport http = HttpClientTransport.forFewRequests(proxies);
    AcrApi api = new AcrApi(http, endpoint, new AcrSigner(id, secret), instance.map(String::trim).filter(s -> !s.isEmpty()), timeout);
    return Optional.of(new AcrRepositories(api, mode.equals("private") ? AcrApi.Visibility.PRIVATE : AcrApi.Visibility.PUBLIC, aliyunRegistry, http));
  }

  static Optional<String> regionOf(String host) {
    Matcher m = REGION_IN_HOST.matcher(host.toLowerCase(Locale.ROOT));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private boolean applies(String registry) {
    return registry.toLowerCase(Locale.ROOT).endsWith(".aliyuncs.com") || aliyunRegistry.filter(registry::equalsIgnoreCase).isPresent();
  }

  @Override
  public Optional<String> beforeFirstPush(ImageReference repository) {
    if (repository.isLayout() || !applies(repository.registry())) {
      return Optional.empty();
    }
    String path = repository.repository();
    int slash = path.indexOf('/');
    if (slash < 0 || path.indexOf('/', slash + 1) >= 0) {
      throw new RegistryException(RegistryException.Kind.OTHER, "Aliyun ACR: " + repository.repositoryName()
          + ": ACR repositories are NAMESPACE/NAME, so it cannot be created (drop --keep-path, or give the target as namespace/name)");
    }
    String namespace = path.substring(0, slash);
    String name = path.substring(slash + 1);
    if (api.exists(namespace, name)) {
      return Optional.empty();
    }
    api.create(namespace, name, visibility);
    return Optional.of("repository created " + visibility.name().toLowerCase(Locale.ROOT));
  }

  @Override
  public void close() {
    http.close();
  }
}
