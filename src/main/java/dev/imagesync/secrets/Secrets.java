package dev.imagesync.secrets;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last fence between a secret and any output: every log line, result line and stack trace
 * passes through {@link #redact}. Known secrets (passwords given to imagesync) are replaced
 * exactly; secrets imagesync never sees itself (tokens Jib fetches, bodies the HTTP library logs)
 * are recognised by shape: Authorization values, Basic and Bearer credentials, JWTs, and the
 * token fields of token-service JSON.
 */
public final class Secrets {

  private static final String MASK = "****";
  private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();

  private static final Pattern AUTHORIZATION_HEADER = Pattern.compile("(?i)(authorization\\s*[:=]\\s*)(\\S+(?:\\s+\\S+)?)");
  private static final Pattern SCHEME_CREDENTIAL = Pattern.compile("(?i)\\b(basic|bearer)\\s+[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}");
  private static final Pattern TOKEN_FIELD =
      Pattern.compile("(?i)(\"(?:token|access_token|refresh_token|password|secret|auth|identitytoken)\"\\s*:\\s*\")([^\"]*)(\")");

  private Secrets() {}

  /** A secret to replace wherever it appears. Very short strings are not registered (too many false hits). */
  public static void register(String secret) {
    if (secret != null && secret.length() >= 4) {
      KNOWN.add(secret);
    }
  }

  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : KNOWN) {
      out = out.replace(secret, MASK);
    }
    out = AUTHORIZATION_HEADER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
    out = SCHEME_CREDENTIAL.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + " " + MASK));
    out = JWT.matcher(out).replaceAll(MASK);
    out = TOKEN_FIELD.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
    return out;
  }
}
