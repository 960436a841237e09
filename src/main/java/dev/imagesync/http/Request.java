package dev.imagesync.http;

import java.net.URI;
import java.time.Duration;

/**
 * One HTTP request. {@code timeout} (null: the transport's, from {@code --timeout}) bounds every
 * wait for the server: for the response's headers, for each read of its body, for a whole small
 * body ({@link Response#readAll}); a body slower than 1 KiB/s over it is given up as trickling; a
 * request body the server stops taking fails after the timeout and 15 s. {@code expectContinue}:
 * send the headers first with {@code Expect: 100-continue}, so that a server that refuses answers
 * before the body leaves. {@code cancellation}, if any, aborts the request from another thread.
 */
public record Request(String method, URI uri, Headers headers, Body body, Duration timeout, boolean expectContinue, Cancellation cancellation) {

  /** How long a request may wait for the server unless it or the transport says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public Request {
    headers = headers == null ? new Headers() : headers;
  }

  /** A request with the transport's timeout (null: {@code --timeout}, {@link #DEFAULT_TIMEOUT} unless given). */
  public static Request of(String method, URI uri) {
    return new Request(method, uri, new Headers(), null, null, false, null);
  }

  /** This request with {@code name} set to {@code value} (the headers are copied, never shared). */
  public Request withHeader(String name, String value) {
    return new Request(method, uri, headers.copy().set(name, value), body, timeout, expectContinue, cancellation);
  }

  public Request withoutHeader(String name) {
    return headers.contains(name) ? new Request(method, uri, headers.copy().remove(name), body, timeout, expectContinue, cancellation) : this;
  }

  public Request withUri(URI other) {
    return new Request(method, other, headers, body, timeout, expectContinue, cancellation);
  }

  public Request withBody(Body b) {
    return new Request(method, uri, headers, b, timeout, expectContinue, cancellation);
  }

  public Request withTimeout(Duration t) {
    return new Request(method, uri, headers, body, t, expectContinue, cancellation);
  }

  public Request expectingContinue(boolean expect) {
    return new Request(method, uri, headers, body, timeout, expect, cancellation);
  }

  public Request cancelledBy(Cancellation c) {
    return new Request(method, uri, headers, body, timeout, expectContinue, c);
  }

  /** {@code host[:port]} as written in the URI (lower case): what decides which server this goes to. */
  public String authority() {
    return authorityOf(uri);
  }

  public static String authorityOf(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
    return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
  }

  /** Prepares the body, if any, to be sent (again); see {@link Body#prepare}. */
  public void prepareBody() throws java.io.IOException {
    if (body != null) {
      body.prepare();
    }
  }
}
