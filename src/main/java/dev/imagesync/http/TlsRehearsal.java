package dev.imagesync.http;

import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS gone through without a server, for the launcher's training run (see cli's TrainingTour):
 * the native engine loaded, a client context made over the JVM's trusted certificates, a
 * ClientHello written, one of those certificates checked. Nothing is sent anywhere.
 */
public final class TlsRehearsal {

  private TlsRehearsal() {}

  public static void rehearse() throws Exception {
    TlsEngine engine = TlsEngine.fromEnvironment(System.getenv()).available();
    TrustManager[] trust = TlsTrust.jvmTrust();
    SSLContext context = engine.context(trust);
    SSLEngine client = context.createSSLEngine("registry.invalid", 443);
    client.setUseClientMode(true);
    SSLParameters parameters = client.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    client.setSSLParameters(parameters);
    client.beginHandshake();
    ByteBuffer hello = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
    client.wrap(ByteBuffer.allocate(0), hello);
    client.closeOutbound();
    for (TrustManager t : trust) {
      if (t instanceof X509TrustManager x && x.getAcceptedIssuers().length > 0) {
        X509Certificate root = x.getAcceptedIssuers()[0];
        x.checkServerTrusted(List.of(root).toArray(X509Certificate[]::new), "UNKNOWN");
      }
    }
  }
}
