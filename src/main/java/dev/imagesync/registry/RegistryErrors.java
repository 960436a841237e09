package dev.imagesync.registry;

import dev.imagesync.http.ProxyFailure;
import dev.imagesync.http.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Failures of one repository's requests in words a user can act on, as {@link
 * RegistryException}s: what the registry refused (authentication, access, not found, with the
 * registry's own error codes), which failures may pass when tried again (5xx, 408, resets,
 * timeouts), and the hints for what registries are known to mean (a refused push on ACR).
 */
final class RegistryErrors {

  private final String registry;
  private final String repository;
  private final Access access;

  /** No credentials are sent to this registry: its 401 says nothing about a password. */
  private final boolean anonymous;

  /** What the token service granted for this repository's scope, when a token was fetched. */
  private final java.util.function.Supplier<Optional<TokenGrant>> grant;

  RegistryErrors(String registry, String repository, Access access) {
    this(registry, repository, access, false);
  }

  RegistryErrors(String registry, String repository, Access access, boolean anonymous) {
    this(registry, repository, access, anonymous, Optional::empty);
  }

  RegistryErrors(String registry, String repository, Access access, boolean anonymous,
      java.util.function.Supplier<Optional<TokenGrant>> grant) {
    this.registry = registry;
    this.repository = repository;
    this.access = access;
    this.anonymous = anonymous;
    this.grant = grant;
  }

  /** Throws unless the response has one of {@code statuses}; the body of a failure is read for the message. */
  void expect(Response response, String action, int... statuses) {
    if (!answered(response, statuses)) {
      throw failure(response, action, response.text());
    }
  }

  /** Like {@link #expect}, with the hint a refused push on ACR needs. */
  void expectPushed(Response response, String action, int... statuses) {
    if (answered(response, statuses)) {
      return;
    }
    String body = response.text();
    throw pushRefused(failure(response, action, body), ErrorBodies.describe(response.status(), body));
  }

  private static boolean answered(Response response, int... statuses) {
    for (int s : statuses) {
      if (response.status() == s) {
        return true;
      }
    }
    return false;
  }

  /** A registry's refusal in one line: authentication, access, or what the registry said. */
  RegistryException failure(Response response, String action, String body) {
    int status = response.status();
    String detail = ErrorBodies.describe(status, body);
    String code = ErrorBodies.firstCode(body);
    if (status == 401 && anonymous) {
      // Docker Hub (and most token registries) answer an anonymous request for a repository that
      // does not exist, or is private, with 401 "authentication required", not 404: said as such.
      return new RegistryException(RegistryException.Kind.UNAUTHORIZED, registry + "/" + repository + ": " + action + " refused ("
          + detail + "): no credentials were sent for " + registry + "; the repository does not exist, or it is private"
          + (registry.equals(dev.imagesync.image.ImageReference.DOCKER_HUB) ? " (log in: DOCKERHUB_USERNAME + DOCKERHUB_TOKEN)" : " (log in to it)"));
    }
    if ((status == 401 || status == 403) && body != null && body.contains("authorization token has expired")) {
      // Amazon ECR's logins last 12 hours (docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html).
      return new RegistryException(RegistryException.Kind.UNAUTHORIZED, "the login for " + registry + " has expired (" + detail
          + "): log in again" + (EcrHost.of(registry).isPresent() ? " (an ECR password from aws ecr get-login-password lasts 12 hours)" : ""));
    }
    if (status == 400 && EcrHost.of(registry).isPresent() && !anonymous && (body == null || body.isBlank())) {
      // ECR answers a password that is no ECR token (malformed, another registry's, base64 cut)
      // with a bare 400, before any challenge.
      return new RegistryException(RegistryException.Kind.UNAUTHORIZED, "authentication failed for " + registry + " (HTTP 400 without a"
          + " word: ECR refuses the password as no login of its own; the user is AWS and the password what aws ecr get-login-password prints)");
    }
    if (status == 401 || status == 403 || code.equals("DENIED")) {
      Optional<RegistryException> despiteLogin = grant.get().flatMap(g -> refusedDespiteLogin(g, action, detail));
      if (despiteLogin.isPresent()) {
        return despiteLogin.get();
      }
    }
    if (status == 401) {
      return new RegistryException(RegistryException.Kind.UNAUTHORIZED, "authentication failed for " + registry + " (" + detail + ")");
    }
    if (status == 403 || code.equals("DENIED")) {
      return new RegistryException(RegistryException.Kind.DENIED, "access to " + registry + "/" + repository + " denied (" + detail + ")");
    }
    if (status == 404) {
      return new RegistryException(RegistryException.Kind.NOT_FOUND, registry + "/" + repository + ": " + action + " failed: " + detail);
    }
    String message = registry + "/" + repository + ": " + action + " failed: " + detail;
    if (status == 408 || status == 500 || status == 502 || status == 503 || status == 504) {
      return RegistryException.transientFailure(RegistryException.Kind.OTHER, message, null, retryAfter(response).orElse(null));
    }
    return new RegistryException(RegistryException.Kind.OTHER, message);
  }

  /** What {@link TagCalls} names its listing: a refused one has its own fix. */
  static final String LIST_TAGS = "list tags";

  /**
   * A refusal after the token service accepted the login (it issued a token): not a wrong
   * password, but a right the token does not carry — what Harbor, Quay and ACR answer for a
   * project, organisation or repository that does not exist, or that the account may not use.
   * Empty when the token does not say what it grants, or grants what was refused (then the
   * registry's own words stand).
   */
  private Optional<RegistryException> refusedDespiteLogin(TokenGrant g, String action, String detail) {
    String where = registry + "/" + repository;
    boolean listing = action.equals(LIST_TAGS);
    if (listing && g.allows(repository, "pull").orElse(true)) {
      // Azure ACR lists tags to metadata/read only (learn.microsoft.com/azure/container-registry/
      // container-registry-repository-scoped-permissions): a login that may pull may not list.
      return Optional.of(new RegistryException(RegistryException.Kind.DENIED, where + ": the login was accepted, but listing its tags was"
          + " refused (" + detail + "): name the tags in the list instead of all of them" + (isAcr()
              ? " (ACR lists a repository's tags only to credentials with metadata/read; a password login to a private repository may"
                  + " pull tags it may not list)" : "")));
    }
    boolean pushing = access == Access.PUSH && !listing;
    String needed = pushing ? "push" : "pull";
    Optional<java.util.Set<String>> granted = g.actionsOn(repository);
    if (granted.isEmpty() || g.allows(repository, needed).orElse(true)) {
      return Optional.empty();
    }
    String namespace = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : repository;
    String grants = granted.get().isEmpty() ? "grants nothing on " + repository : "grants only " + String.join(",", granted.get()) + " on "
        + repository;
    String why;
    if (granted.get().isEmpty()) {
      why = harbor(g, detail) ? "the Harbor project " + namespace + " does not exist, or this account is no member of it"
          + (pushing ? " (--create-repositories creates a missing project)" : "")
          : host().equals("quay.io") ? "the Quay organisation or user " + namespace + " does not exist, or this account has no permission on "
              + repository
          : host().endsWith(".azurecr.io") ? "the repository is outside this token's scope map (an ACR repository-scoped token works only on"
              + " the repositories its scope map lists), or it does not exist"
          : "the project, organisation or namespace " + namespace + " may not exist, or this account has no right to " + repository;
    } else {
      why = "this account may pull but not push there" + (harbor(g, detail) ? " (a Harbor project role of developer or more, or a robot"
          + " account with push permission)" : host().endsWith(".azurecr.io") ? " (an ACR token needs content/write in its scope map)" : "");
    }
    return Optional.of(new RegistryException(RegistryException.Kind.NOT_GRANTED, (pushing ? "cannot push to " : "cannot read ")
        + where + ": " + registry + " accepted the login, but its token " + grants + " (" + detail + "): " + why));
  }

  /** Harbor's token (its issuer), or its registry's words for a refused repository action (goharbor/harbor#13988, #18096). */
  private static boolean harbor(TokenGrant g, String detail) {
    return g.fromHarbor() || detail.contains("unauthorized to access repository");
  }

  private boolean isAcr() {
    return host().endsWith(".azurecr.io") || host().endsWith(".aliyuncs.com") || host().endsWith(".azurecr.cn");
  }

  private String host() {
    return TransportPolicy.hostOf(registry.toLowerCase(Locale.ROOT));
  }

  /** Retry-After in seconds (the HTTP-date form is rare on registries and read as absent). */
  static Optional<Duration> retryAfter(Response response) {
    return response.headers().first("Retry-After").map(String::trim).filter(v -> v.matches("\\d{1,9}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)));
  }

  /**
   * A push refused with NAME_UNKNOWN or DENIED: on ACR (personal and enterprise) that almost
   * always means the namespace does not exist or does not create repositories on push.
   */
  RegistryException pushRefused(RegistryException e, String detail) {
    if (access != Access.PUSH || e.kind() == RegistryException.Kind.NOT_GRANTED) {
      return e; // a token that grants less already said what refused it
    }
    String text = detail + " " + e.getMessage();
    boolean refused = e.kind() == RegistryException.Kind.DENIED || text.contains("NAME_UNKNOWN")
        || text.contains("name unknown") || text.contains("not known to registry");
    if (!refused) {
      return e;
    }
    if (ghcr(detail)) {
      // GHCR creates a package on its first push: a refusal is the token's right to write it, in
      // GHCR's words "permission_denied: write_package" or "installation not allowed to Write (or
      // Create) organization package" (actions/runner#1039; docs.github.com, "Configuring a
      // package's access control and visibility", and "Automatic token authentication").
      return new RegistryException(RegistryException.Kind.DENIED, "cannot push to " + registry + "/" + repository + ": the token may not"
          + " write this package (" + detail + "): in a workflow, GITHUB_TOKEN needs 'permissions: packages: write'; a package first pushed"
          + " from elsewhere must also give this repository write access (its settings: Manage Actions access); a personal access token"
          + " needs write:packages", e);
    }
    String namespace = repository.contains("/") ? repository.substring(0, repository.indexOf('/')) : repository;
    return new RegistryException(RegistryException.Kind.DENIED, "cannot push to " + registry + "/" + repository + ": namespace "
        + namespace + " does not exist on " + registry + " or auto-create is off (" + detail + ")", e);
  }

  /** GHCR, by its name or its own words for a package the token may not write. */
  private boolean ghcr(String detail) {
    return host().equals("ghcr.io") || detail.contains("write_package") || detail.contains("organization package");
  }

  /** An I/O failure of {@code action}: TLS, proxy, unknown host (final), or one worth another attempt. */
  RegistryException network(String action, IOException e) {
    return network(registry, registry + "/" + repository + ": " + action + " failed: ", e);
  }

  /** The same for requests that are not about one repository (a token service). */
  static RegistryException network(String registry, String prefix, IOException e) {
    Optional<RegistryException> carried = RegistryException.carriedBy(e);
    if (carried.isPresent()) {
      return carried.get();
    }
    if (e instanceof ProxyFailure p) {
      String message = prefix + p.getMessage();
      return p.mayPass() ? RegistryException.transientFailure(RegistryException.Kind.NETWORK, message, e, null)
          : new RegistryException(RegistryException.Kind.NETWORK, message, e);
    }
    if (e instanceof SSLException || e.getCause() instanceof SSLException) {
      if (isCertificateProblem(e)) {
        return new RegistryException(RegistryException.Kind.TLS, "TLS certificate of " + registry + " is not trusted ("
            + firstLine(rootMessage(e)) + "); pass --ca-cert FILE with its CA, or --insecure-registry " + registry + " to skip the check", e);
      }
      return new RegistryException(RegistryException.Kind.TLS,
          "TLS connection to " + registry + " failed (" + firstLine(rootMessage(e))
              + "); if it serves plain HTTP or a self-signed certificate, pass --insecure-registry " + registry, e);
    }
    if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
      return new RegistryException(RegistryException.Kind.NETWORK, prefix + "unknown host " + registry, e);
    }
    if (e instanceof dev.imagesync.http.BodyTooLarge) {
      // What a broken or hostile server sends: asking again brings the same.
      return new RegistryException(RegistryException.Kind.OTHER, prefix + registry + " sent too much: " + e.getMessage(), e);
    }
    if (e instanceof dev.imagesync.http.UploadStalled) {
      // The registry's own pace, in one stable sentence: tried again, and ended by the same
      // answer in a row like any other (Retrying), not forgiven for as long as it answers others.
      return RegistryException.transientFailure(RegistryException.Kind.OTHER, prefix + describe(registry, e), e, null);
    }
    // Resets, timeouts, bodies cut short, a registry restarting: worth another attempt.
    return RegistryException.transientFailure(RegistryException.Kind.NETWORK, prefix + describe(registry, e), e, null);
  }

  /** The usual network failures in words; anything else by its type and first line. */
  private static String describe(String registry, IOException e) {
    if (e instanceof ConnectException) {
      String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : rootMessage(e);
      return "cannot connect to " + registry + " (" + firstLine(why).toLowerCase(Locale.ROOT) + ")";
    }
    if (e instanceof SocketTimeoutException) {
      String m = String.valueOf(e.getMessage());
      if (e instanceof dev.imagesync.http.UploadStalled || m.startsWith("the server is trickling") || m.contains(" timed out: ")) {
        return registry + ": " + m;
      }
      return "timed out talking to " + registry + " (no answer within the timeout; --timeout sets it)";
    }
    String m = e.getMessage() == null ? "" : firstLine(e.getMessage());
    if (e instanceof java.net.SocketException && m.toLowerCase(Locale.ROOT).contains("reset")) {
      return "the connection to " + registry + " was reset";
    }
    if (e instanceof org.apache.hc.core5.http.NoHttpResponseException) {
      return registry + " closed the connection without answering";
    }
    if (e instanceof org.apache.hc.core5.http.ConnectionClosedException) {
      return registry + " closed the connection in the middle of its answer" + (m.isEmpty() ? "" : " (" + m + ")");
    }
    // Words, not a class name: the user reads this.
    return "the connection to " + registry + " failed" + (m.isEmpty() ? "" : " (" + m + ")");
  }

  static boolean isCertificateProblem(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof CertPathValidatorException
          || String.valueOf(t.getMessage()).contains("PKIX path")
          || String.valueOf(t.getMessage()).contains("No subject alternative")) {
        return true;
      }
    }
    return false;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
