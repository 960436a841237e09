package dev.imagesync.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/** A request body as HttpClient writes it: streamed, never buffered, never replayed by HttpClient. */
final class BodyEntity extends AbstractHttpEntity {
  private final Body body;
  private final StallWatch.Watched stall;

  BodyEntity(Body body, StallWatch.Watched stall) {
    super((String) null, null, body.length() < 0);
    this.body = body;
    this.stall = stall;
  }

  @Override
  public long getContentLength() {
    return body.length();
  }

  @Override
  public InputStream getContent() {
    throw new UnsupportedOperationException("a streamed request body is written, not read");
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public boolean isStreaming() {
    return true;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    body.writeTo(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        stall.writing();
        out.write(b);
        stall.wrote(1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        stall.writing();
        out.write(b, off, len);
        stall.wrote(len);
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }
    });
  }

  @Override
  public void close() {
    body.release();
  }
}

