package dev.imagesync.registry;

import dev.imagesync.http.Body;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A registry's own API beside the distribution API, on the same host (Harbor's {@code
 * /api/v2.0/}): reached as its {@code /v2/} requests are — the scheme it speaks, the run's
 * proxies and certificates — with the destination's credentials as Basic auth, which these APIs
 * take (an identity token is no password, and is not sent). One concern: the call; what it means
 * is the caller's.
 */
public final class RegistryApi {

  private static final int MAX_ANSWER = 1 << 20;

  private final String registry;
  private final String apiHost;
  private final Transport transport;
  private final Optional<RegistryCredential> credential;

  RegistryApi(String registry, String apiHost, Transport transport, Optional<RegistryCredential> credential) {
    this.registry = registry;
    this.apiHost = apiHost;
    this.transport = transport;
    this.credential = credential.filter(c -> !c.isIdentityToken());
  }

  /** An answer, read whole (these are small JSON documents). */
  public record Answer(int status, String body) {

    /** In one line, as a registry's refusals are said: {@code HTTP 403 FORBIDDEN: ...} (masked). */
    public String describe() {
      return dev.imagesync.secrets.Secrets.redact(ErrorBodies.describe(status, body));
    }
  }

  /** Whether there are credentials to send (a call without them is anonymous). */
  public boolean hasCredentials() {
    return credential.isPresent();
  }

  /** {@code method} on {@code pathAndQuery} (from the host's root), with a JSON body or none. */
  public Answer call(String method, String pathAndQuery, Optional<String> json) {
    Request request = Request.of(method, URI.create("https://" + apiHost + pathAndQuery)).withHeader("Accept", "application/json");
    if (json.isPresent()) {
      request = request.withHeader("Content-Type", "application/json").withBody(Body.of(json.get().getBytes(StandardCharsets.UTF_8)));
    }
    if (credential.isPresent()) {
      request = request.withHeader("Authorization", RegistryAuth.basic(credential.get()));
    }
    try {
      Response response = transport.send(request);
      String body = "";
      if (method.equals("HEAD")) {
        response.discard();
      } else {
        body = new String(response.readAll(MAX_ANSWER, "an API answer of " + registry), StandardCharsets.UTF_8);
      }
      return new Answer(response.status(), body);
    } catch (IOException e) {
      throw RegistryErrors.network(registry, registry + ": " + method + " " + pathAndQuery.replaceFirst("\\?.*", "") + " failed: ", e);
    }
  }
}
