package dev.imagesync.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a token service granted, as its token says: distribution's token specification makes the
 * token a JWT whose {@code access} claim lists, per repository, the actions granted — which may be
 * fewer than asked (Harbor, Quay, Azure ACR and Docker Hub grant nothing on a repository the
 * account may not use or that does not exist, instead of refusing the token). Read only to tell a
 * refusal apart: a login the service accepted, with no right to a repository, is not a wrong
 * password. Never verified (the registry does that); an opaque token (GHCR's) says nothing.
 */
record TokenGrant(Optional<Map<String, Set<String>>> byRepository, String issuer) {

  static final TokenGrant OPAQUE = new TokenGrant(Optional.empty(), "");

  /** The issuer Harbor's token service signs as (its core's default {@code token_issuer}). */
  static final String HARBOR_ISSUER = "harbor-token-issuer";

  /** The grant {@code token} carries, or {@link #OPAQUE} when it is no JWT with an access claim. */
  static TokenGrant of(String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return OPAQUE;
    }
    try {
      JsonNode claims = dev.imagesync.image.Json.mapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      JsonNode access = claims.get("access");
      if (access == null || !(access.isArray() || access.isNull())) {
        return OPAQUE;
      }
      Map<String, Set<String>> granted = new ConcurrentHashMap<>();
      for (JsonNode entry : access.isNull() ? dev.imagesync.image.Json.mapper().createArrayNode() : access) {
        if (!"repository".equals(entry.path("type").asText())) {
          continue;
        }
        Set<String> actions = granted.computeIfAbsent(entry.path("name").asText(""), n -> new LinkedHashSet<>());
        entry.path("actions").forEach(a -> actions.add(a.asText()));
      }
      return new TokenGrant(Optional.of(granted), claims.path("iss").asText(""));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return OPAQUE;
    }
  }

  /** Whether Harbor's token service issued it. */
  boolean fromHarbor() {
    return issuer.equals(HARBOR_ISSUER);
  }

  /** The actions granted on {@code repository} ({@code *} stands for all), or empty when the token does not say. */
  Optional<Set<String>> actionsOn(String repository) {
    return byRepository.map(m -> m.getOrDefault(repository, Set.of()));
  }

  /** Whether the token grants {@code action} on {@code repository}; empty when it does not say. */
  Optional<Boolean> allows(String repository, String action) {
    return actionsOn(repository).map(a -> a.contains(action) || a.contains("*"));
  }
}
