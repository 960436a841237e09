package dev.imagesync.http;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code NO_PROXY}, read as Go (and so skopeo and docker) reads it: a comma-separated list of
 * <ul>
 *   <li>{@code *}: no host is proxied;
 *   <li>an IP address ({@code 10.1.2.3}, {@code ::1}) or a CIDR block ({@code 10.0.0.0/8}), matched
 *       against hosts written as IP addresses (names are not resolved);
 *   <li>a domain: {@code example.com} matches that host and every subdomain, {@code .example.com}
 *       (or {@code *.example.com}) the subdomains only;
 * </ul>
 * each optionally with {@code :PORT}, then matching that port only. Case does not matter.
 */
final class NoProxy {

  private record Entry(String domain, boolean alsoExact, byte[] ip, int prefixBits, int port) {}

  private final boolean everything;
  private final List<Entry> entries;

  private NoProxy(boolean everything, List<Entry> entries) {
    this.everything = everything;
    this.entries = entries;
  }

  static final NoProxy NONE = new NoProxy(false, List.of());

  static NoProxy parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Entry> entries = new ArrayList<>();
    for (String raw : list.split(",")) {
      String item = raw.strip().toLowerCase(Locale.ROOT);
      if (item.isEmpty()) {
        continue;
      }
      if (item.equals("*")) {
        return new NoProxy(true, List.of());
      }
      int slash = item.indexOf('/');
      if (slash > 0) {
        byte[] ip = ipLiteral(item.substring(0, slash));
        Integer bits = parseInt(item.substring(slash + 1));
        if (ip != null && bits != null && bits >= 0 && bits <= ip.length * 8) {
          entries.add(new Entry(null, false, ip, bits, -1));
        }
        continue; // not a CIDR block: ignored, as Go does
      }
      String host = item;
      int port = -1;
      int colon = item.lastIndexOf(':');
      if (item.startsWith("[")) { // [v6]:port or [v6]
        int end = item.indexOf(']');
        host = end < 0 ? item : item.substring(1, end);
        port = end >= 0 && end + 1 < item.length() && item.charAt(end + 1) == ':' ? portOf(item.substring(end + 2)) : -1;
      } else if (colon > 0 && item.indexOf(':') == colon) { // exactly one colon: host:port
        host = item.substring(0, colon);
        port = portOf(item.substring(colon + 1));
      }
      byte[] ip = ipLiteral(host);
      if (ip != null) {
        entries.add(new Entry(null, false, ip, ip.length * 8, port));
      } else if (host.startsWith("*.")) {
        entries.add(new Entry(host.substring(1), false, null, 0, port));
      } else if (host.startsWith(".")) {
        entries.add(new Entry(host, false, null, 0, port));
      } else {
        entries.add(new Entry("." + host, true, null, 0, port));
      }
    }
    return new NoProxy(false, List.copyOf(entries));
  }

  /** Whether {@code host} (a name or an IP literal, brackets allowed) at {@code port} goes direct. */
  boolean matches(String host, int port) {
    if (everything) {
      return true;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    byte[] ip = ipLiteral(h);
    for (Entry e : entries) {
      if (e.port >= 0 && e.port != port) {
        continue;
      }
      if (e.ip != null) {
        if (ip != null && ip.length == e.ip.length && samePrefix(ip, e.ip, e.prefixBits)) {
          return true;
        }
      } else if (h.endsWith(e.domain) || (e.alsoExact && h.equals(e.domain.substring(1)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean samePrefix(byte[] a, byte[] b, int bits) {
    if (bits == 0) {
      return true;
    }
    BigInteger x = new BigInteger(1, a).shiftRight(a.length * 8 - bits);
    BigInteger y = new BigInteger(1, b).shiftRight(b.length * 8 - bits);
    return x.equals(y);
  }

  /** The address of an IPv4 or IPv6 literal, or null for a name (never resolved). */
  static byte[] ipLiteral(String s) {
    String t = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = t.contains(":") && t.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return null;
    }
    if (v4) {
      for (String part : t.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return null;
        }
      }
    }
    try {
      return InetAddress.getByName(t).getAddress(); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static Integer parseInt(String s) {
    return s.matches("\\d{1,3}") ? Integer.parseInt(s) : null;
  }

  private static int portOf(String s) {
    return s.matches("\\d{1,5}") ? Integer.parseInt(s) : -1;
  }
}
