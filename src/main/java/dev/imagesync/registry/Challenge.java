package dev.imagesync.registry;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry's {@code WWW-Authenticate} challenge: {@code Basic realm="…"}, or {@code Bearer
 * realm="https://auth.example/token",service="registry.example"} naming the token service.
 */
record Challenge(String scheme, URI realm, String service) {

  private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)\\s*=\\s*\"([^\"]*)\"");

  boolean isBasic() {
    return scheme.equals("basic");
  }

  /**
   * Reads {@code header} (the value of WWW-Authenticate).
   *
   * @throws RegistryException when it is missing, of a scheme we do not speak, or a bearer
   *     challenge without a usable realm
   */
  static Challenge parse(String registry, String header) {
    if (header == null || header.isBlank()) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (the registry answered 401 without a challenge)");
    }
    String scheme = header.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (scheme.equals("basic")) {
      return new Challenge("basic", null, null);
    }
    if (!scheme.equals("bearer")) {
      throw new RegistryException(RegistryException.Kind.UNSUPPORTED,
          "registry " + registry + " asks for unsupported authentication scheme '" + scheme + "'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(header);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = params.getOrDefault("realm", "");
    if (realm.isEmpty()) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (bearer challenge without a realm)");
    }
    URI uri;
    try {
      uri = URI.create(realm);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
      throw new RegistryException(RegistryException.Kind.UNAUTHORIZED,
          "authentication failed for " + registry + " (the registry names an invalid token service: " + realm + ")");
    }
    return new Challenge("bearer", uri, params.get("service"));
  }
}
