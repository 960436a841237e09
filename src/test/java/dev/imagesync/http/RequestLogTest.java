package dev.imagesync.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.imagesync.testing.FakeTransport;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(RequestLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Level before;

  @BeforeEach
  void capture() {
    before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(before);
  }

  @Test
  void aLinePerRequestWithStatusAndNoQuery() throws Exception {
    FakeTransport wire = new FakeTransport(r -> FakeTransport.response(r, 202));
    new RequestLog(wire).send(Request.of("PATCH", URI.create("https://r.example:5000/v2/a/blobs/uploads/u1?_state=SECRETSTATE&digest=sha256:1")));

    List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(1, logged.size(), logged.toString());
    assertTrue(logged.get(0).matches("PATCH https://r\\.example:5000/v2/a/blobs/uploads/u1 -> 202 in \\d+ ms"), logged.get(0));
  }

  @Test
  void aFailedRequestIsLoggedAndStillThrown() {
    Transport broken = r -> {
      throw new IOException("connection reset");
    };
    assertThrows(IOException.class, () -> new RequestLog(broken).send(Request.of("GET", URI.create("http://r.example/v2/?account=me"))));

    String line = lines.list.get(0).getFormattedMessage();
    assertTrue(line.startsWith("GET http://r.example/v2/ -> IOException after "), line);
  }

  @Test
  void quietBelowDebug() throws Exception {
    logger.setLevel(Level.INFO);
    new RequestLog(r -> FakeTransport.response(r, 200)).send(Request.of("GET", URI.create("http://r.example/v2/")));
    assertTrue(lines.list.isEmpty());
  }
}
