package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** NO_PROXY as Go reads it (golang.org/x/net/http/httpproxy): the cases its own tests cover. */
class NoProxyTest {

  @Test
  void aDomainMatchesItselfAndItsSubdomains() {
    NoProxy n = NoProxy.parse("example.com, Internal.CORP");
    assertTrue(n.matches("example.com", 443));
    assertTrue(n.matches("registry.example.com", 443));
    assertTrue(n.matches("a.b.internal.corp", 80));
    assertTrue(n.matches("EXAMPLE.COM.", 443), "case and a trailing dot do not matter");
    assertFalse(n.matches("notexample.com", 443));
    assertFalse(n.matches("example.com.evil.org", 443));
  }

  @Test
  void aLeadingDotOrStarMeansSubdomainsOnly() {
    NoProxy n = NoProxy.parse(".example.com,*.corp");
    assertTrue(n.matches("registry.example.com", 443));
    assertFalse(n.matches("example.com", 443));
    assertTrue(n.matches("x.corp", 443));
    assertFalse(n.matches("corp", 443));
  }

  @Test
  void aPortNarrowsTheMatch() {
    NoProxy n = NoProxy.parse("registry.example:5000,10.1.2.3:443,[fd00::1]:8443");
    assertTrue(n.matches("registry.example", 5000));
    assertFalse(n.matches("registry.example", 443));
    assertTrue(n.matches("10.1.2.3", 443));
    assertFalse(n.matches("10.1.2.3", 80));
    assertTrue(n.matches("[fd00::1]", 8443));
    assertFalse(n.matches("fd00::1", 443));
  }

  @Test
  void addressesAndBlocksMatchHostsWrittenAsAddresses() {
    NoProxy n = NoProxy.parse("192.168.0.0/16, 10.0.0.7, fd00::/8");
    assertTrue(n.matches("192.168.44.5", 443));
    assertFalse(n.matches("192.169.0.1", 443));
    assertTrue(n.matches("10.0.0.7", 5000));
    assertFalse(n.matches("10.0.0.8", 5000));
    assertTrue(n.matches("[fd12:3456::1]", 443));
    assertFalse(n.matches("registry.internal", 443), "names are not resolved");
  }

  @Test
  void aStarMatchesEverythingAndNothingMatchesNothing() {
    assertTrue(NoProxy.parse("foo.com, *").matches("ghcr.io", 443));
    assertFalse(NoProxy.parse("").matches("ghcr.io", 443));
    assertFalse(NoProxy.parse(" , ,").matches("ghcr.io", 443));
    assertFalse(NoProxy.parse("300.1.1.1/8,bad/cidr").matches("300.1.1.1", 443), "what is not an address block is ignored");
  }
}
