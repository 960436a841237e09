package dev.imagesync.registry;

import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import java.io.IOException;

/**
 * Authorizes requests to one registry for one scope (a repository and what we do with it): the
 * header {@link RegistryAuth} knows goes along from the start; a {@code 401} is answered, and the
 * request sent again, at most twice. Requests to any other host (a CDN a download was redirected
 * to, an upload location elsewhere) go without credentials.
 */
final class Authentication implements Transport {

  private static final int MAX_CHALLENGES = 2;

  private final Transport next;
  private final String authority;
  private final RegistryAuth auth;
  private final String scope;

  /** {@code authority}: the registry API's {@code host[:port]}. */
  Authentication(Transport next, String authority, RegistryAuth auth, String scope) {
    this.next = next;
    this.authority = authority.toLowerCase(java.util.Locale.ROOT);
    this.auth = auth;
    this.scope = scope;
  }

  @Override
  public Response send(Request request) throws IOException {
    if (!request.authority().equals(authority)) {
      Response response = next.send(request.withoutHeader("Authorization"));
      if (response.status() == 401) {
        response.discard();
        // Credentials for a registry go to that registry only: an upload location or a redirect
        // elsewhere that asks for them is refused, in words that name it.
        throw new RegistryException.Carrier(new RegistryException(RegistryException.Kind.UNAUTHORIZED, authority
            + " sent this request to another host, " + request.authority() + ", which asks for credentials; the credentials of "
            + authority + " are only ever sent to " + authority));
      }
      return response;
    }
    String authorization = null;
    for (int challenges = 0; ; challenges++) {
      // The body first: a blob upload's body is a source stream, and the authorization is taken
      // only once its first bytes are there, so a slow source cannot make it stale on the way.
      request.prepareBody();
      authorization = challenges == 0 ? auth.header(scope).orElse(null) : authorization;
      Response response = next.send(authorization == null ? request : request.withHeader("Authorization", authorization));
      if (response.status() != 401 || challenges == MAX_CHALLENGES) {
        return response;
      }
      String challenge = response.headers().first("WWW-Authenticate").orElse(null);
      response.discard();
      authorization = auth.answer(scope, challenge, authorization);
    }
  }
}
