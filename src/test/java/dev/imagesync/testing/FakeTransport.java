package dev.imagesync.testing;

import dev.imagesync.http.Headers;
import dev.imagesync.http.Request;
import dev.imagesync.http.Response;
import dev.imagesync.http.Transport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The bottom of a transport layer under test: records each request and answers as the test says. */
public final class FakeTransport implements Transport {

  /** An answer to one request. */
  @FunctionalInterface
  public interface Answer {
    Response to(Request request) throws IOException;
  }

  public final List<Request> received = new CopyOnWriteArrayList<>();
  private final Answer answer;

  public FakeTransport(Answer answer) {
    this.answer = answer;
  }

  @Override
  public Response send(Request request) throws IOException {
    received.add(request);
    return answer.to(request);
  }

  /** {@code status} with headers given as name, value, name, value… and an empty body. */
  public static Response response(Request to, int status, String... headers) {
    return withBody(to, status, "", headers);
  }

  public static Response withBody(Request to, int status, String body, String... headers) {
    Headers h = new Headers();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return new Response(to.uri(), status, h, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  public List<String> authorizations() {
    List<String> out = new ArrayList<>();
    for (Request r : received) {
      out.add(r.headers().first("Authorization").orElse("-"));
    }
    return out;
  }
}
