package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import dev.imagesync.image.Digest;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the API operations on one repository share: where the repository is ({@code
 * https://HOST/v2/NAME/…}; {@link SchemeSelection} picks the scheme on the way), the transport
 * chain that authorizes for its scope (or, for a mount, for another), and how its failures read.
 */
final class RepositoryEndpoint {

  final String registry;
  final String repository;
  final Access access;
  final RegistryErrors errors;
  final TransferMeter meter;
  /** The run's upload sessions not yet committed, at every registry (cancelled when a run is stopped). */
  final OpenUploads openUploads;
  private final String apiHost;
  private final Transport transport;
  private final Function<String, Transport> forScope;

  RepositoryEndpoint(String registry, String apiHost, String repository, Access access, Function<String, Transport> forScope,
      TransferMeter meter, OpenUploads openUploads) {
    this(registry, apiHost, repository, access, forScope, meter, openUploads, false);
  }

  /** {@code anonymous}: no credentials go to this registry (its refusals read accordingly). */
  RepositoryEndpoint(String registry, String apiHost, String repository, Access access, Function<String, Transport> forScope,
      TransferMeter meter, OpenUploads openUploads, boolean anonymous) {
    this(registry, apiHost, repository, access, forScope, meter, openUploads, anonymous, Optional::empty);
  }

  /** {@code grant}: what the token service granted for this repository's scope, when it issued a token (its refusals read by it). */
  RepositoryEndpoint(String registry, String apiHost, String repository, Access access, Function<String, Transport> forScope,
      TransferMeter meter, OpenUploads openUploads, boolean anonymous, java.util.function.Supplier<Optional<TokenGrant>> grant) {
    this.registry = registry;
    this.apiHost = apiHost;
    this.repository = repository;
    this.access = access;
    this.forScope = forScope;
    this.transport = forScope.apply(scope());
    this.meter = meter;
    this.openUploads = openUploads;
    this.errors = new RegistryErrors(registry, repository, access, anonymous, grant);
  }

  /** The token scope of this repository for what we do with it. */
  String scope() {
    return access.scope(repository);
  }

  /** {@code path} under {@code /v2/NAME}, e.g. {@code /manifests/1.0}. */
  URI api(String path) {
    return URI.create("https://" + apiHost + "/v2/" + repository + path);
  }

  /** Sends {@code request}; an I/O failure becomes a {@link RegistryException} about {@code action}. */
  Response send(Request request, String action) {
    return send(transport, request, action);
  }

  /** The same, authorized for {@code scope} instead (a mount needs pull access to the other repository). */
  Response send(String scope, Request request, String action) {
    return send(forScope.apply(scope), request, action);
  }

  private Response send(Transport t, Request request, String action) {
    try {
      return t.send(request);
    } catch (IOException e) {
      throw errors.network(action, e);
    }
  }

  private static final java.util.regex.Pattern NEXT_LINK = java.util.regex.Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  /**
   * The path (after /v2/NAME) and query of the next page a paginated answer's Link headers name,
   * or null on the last page. The link must stay on this registry and on this list: its path is
   * exactly {@code /v2/NAME} + {@code list} ({@code /tags/list}; for the catalog, whose NAME is
   * {@code _catalog}, nothing more), or with {@code prefixOnly} starts with it (the referrers of
   * a digest). Anything else — another host, another repository, a repository nested under this
   * one — is refused with {@code elsewhere}: a page from there is not a page of this list, and
   * taking it as one lets a bent answer decide what a prune deletes.
   */
  String nextPage(java.util.List<String> links, String list, boolean prefixOnly, String elsewhere) {
    for (String link : links) {
      java.util.regex.Matcher m = NEXT_LINK.matcher(link);
      if (m.find()) {
        String target = m.group(1).strip();
        URI uri;
        try {
          uri = URI.create(target);
        } catch (IllegalArgumentException e) {
          throw new RegistryException(RegistryException.Kind.OTHER, registry + ": " + elsewhere + ": " + target);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String expected = "/v2/" + repository + list;
        boolean sameHost = uri.getRawAuthority() == null || withoutDefaultPort(uri.getRawAuthority()).equalsIgnoreCase(withoutDefaultPort(apiHost))
            || withoutDefaultPort(uri.getRawAuthority()).equalsIgnoreCase(withoutDefaultPort(registry));
        boolean sameList = prefixOnly ? path.startsWith(expected) : path.equals(expected);
        if (!sameHost || !sameList || uri.getRawFragment() != null) {
          throw new RegistryException(RegistryException.Kind.OTHER, registry + ": " + elsewhere + ": " + target);
        }
        return path.substring(("/v2/" + repository).length()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      }
    }
    return null;
  }

  private static String withoutDefaultPort(String authority) {
    return authority.endsWith(":443") || authority.endsWith(":80") ? authority.substring(0, authority.lastIndexOf(':')) : authority;
  }

  String where(String reference) {
    return registry + "/" + repository + (Digest.isDigest(reference) ? "@" : ":") + reference;
  }
}
