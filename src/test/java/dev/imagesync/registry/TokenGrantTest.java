package dev.imagesync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenGrantTest {

  /** A JWT as token services write them (the signature is never looked at here). */
  static String jwt(String claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
  }

  @Test
  void theAccessClaimSaysWhatWasGrantedPerRepository() {
    TokenGrant g = TokenGrant.of(jwt("{\"iss\":\"harbor-token-issuer\",\"access\":[{\"type\":\"repository\",\"name\":\"proj/app\","
        + "\"actions\":[\"pull\"]},{\"type\":\"registry\",\"name\":\"catalog\",\"actions\":[\"*\"]}]}"));
    assertEquals(Optional.of(Set.of("pull")), g.actionsOn("proj/app"));
    assertEquals(Optional.of(false), g.allows("proj/app", "push"));
    assertEquals(Optional.of(Set.of()), g.actionsOn("other/app"), "a repository the token does not list is granted nothing");
    assertEquals(Optional.of(true), TokenGrant.of(jwt("{\"access\":[{\"type\":\"repository\",\"name\":\"a\",\"actions\":[\"*\"]}]}"))
        .allows("a", "push"));
  }

  @Test
  void anEmptyOrNullAccessGrantsNothing() {
    assertEquals(Optional.of(Set.of()), TokenGrant.of(jwt("{\"access\":[]}")).actionsOn("proj/app"));
    assertEquals(Optional.of(Set.of()), TokenGrant.of(jwt("{\"access\":null}")).actionsOn("proj/app"));
  }

  @Test
  void anOpaqueTokenSaysNothing() {
    assertEquals(Optional.empty(), TokenGrant.of("djE6b3duZXIvcmVwbzoxNjcw").actionsOn("a"), "GHCR's tokens are no JWT");
    assertEquals(Optional.empty(), TokenGrant.of(jwt("{\"sub\":\"x\"}")).actionsOn("a"), "no access claim");
    assertEquals(Optional.empty(), TokenGrant.of("a.!!!.c").actionsOn("a"));
    assertEquals(Optional.empty(), TokenGrant.of(jwt("not json")).actionsOn("a"));
  }
}
