package dev.imagesync.config;

import dev.imagesync.http.HttpClientTransport;
import dev.imagesync.http.ProxySettings;
import dev.imagesync.http.Redirects;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An input given by URL ({@code --compose https://raw.githubusercontent.com/…/docker-compose.yaml}),
 * fetched once before anything is planned, through the run's proxy. It is named in messages by
 * scheme, host and path only: a query may carry a token.
 */
public record RemoteDocument(String name, String text) {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Whether {@code value} is an http(s) URL rather than a file name. */
  public static boolean isUrl(String value) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    return v.startsWith("https://") || v.startsWith("http://");
  }

  /** Fetches {@code url}; any failure is an {@link InputException} naming the URL. */
  public static RemoteDocument fetch(String url, ProxySettings proxies) {
    URI uri;
    try {
      uri = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      throw new InputException(url + ": not a URL");
    }
    String name = uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath());
    try (HttpClientTransport http = HttpClientTransport.forFewRequests(proxies);
        Response response = new Redirects(http).send(Request.of("GET", uri).withHeader("User-Agent", "imagesync").withTimeout(TIMEOUT))) {
      if (response.status() != 200) {
        throw new InputException(name + ": cannot fetch it (HTTP " + response.status() + ")");
      }
      try {
        byte[] bytes = response.readAll((int) InputFiles.MAX_BYTES, "the file");
        return new RemoteDocument(name, new String(bytes, StandardCharsets.UTF_8));
      } catch (dev.imagesync.http.BodyTooLarge e) {
        throw new InputException(name + ": more than 4 MiB; an image list is at most 4 MiB");
      }
    } catch (java.net.UnknownHostException e) {
      throw new InputException(name + ": cannot fetch it (unknown host " + uri.getHost() + ")");
    } catch (java.net.SocketTimeoutException e) {
      throw new InputException(name + ": cannot fetch it (" + (e.getMessage() != null && e.getMessage().contains("trickling") ? e.getMessage()
          : "no answer within " + TIMEOUT.toSeconds() + " s") + ")");
    } catch (IOException e) {
      throw new InputException(name + ": cannot fetch it (" + (e.getMessage() == null ? "the connection failed"
          : dev.imagesync.secrets.Secrets.redact(e.getMessage().lines().findFirst().orElse(""))) + ")");
    }
  }
}
