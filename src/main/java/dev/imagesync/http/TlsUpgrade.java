package dev.imagesync.http;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Turns a connected socket (direct, or a CONNECT tunnel through a proxy) into TLS to {@code
 * target}: with host name verification and the {@link TlsTrust} context for that host. JSSE does
 * the name check ({@code HTTPS} endpoint identification), the same check java.net.http makes.
 */
final class TlsUpgrade implements TlsSocketStrategy {

  private final TlsTrust trust;

  TlsUpgrade(TlsTrust trust) {
    this.trust = trust;
  }

  @Override
  public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context) throws IOException {
    boolean verify = !trust.isInsecure(target, port);
    SSLSocket tls = (SSLSocket) trust.factoryFor(target, port).createSocket(socket, target, port, true);
    try {
      SSLParameters parameters = tls.getSSLParameters();
      if (verify) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
      }
      tls.setSSLParameters(parameters);
      tls.startHandshake();
      return tls;
    } catch (IOException | RuntimeException e) {
      tls.close();
      throw e;
    }
  }
}
