package dev.imagesync.image;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A keyless signer's certificate, as Fulcio issues them: short-lived, its identity in a subject
 * alternative name (an e-mail address, or a URI such as a GitHub workflow's), the OIDC issuer that
 * vouched for it in Fulcio's extension ({@code 1.3.6.1.4.1.57264.1.8}, or the older {@code .1.1}).
 * Checked offline: the chain to a certificate authority of the trusted root, at the time the
 * transparency log says the signature was made (the certificate lives ten minutes).
 */
public record SigningCertificate(X509Certificate leaf) {

  static final String ISSUER_V2 = "1.3.6.1.4.1.57264.1.8";
  static final String ISSUER_V1 = "1.3.6.1.4.1.57264.1.1";

  /** From PEM (a {@code dev.sigstore.cosign/certificate} annotation) or DER. */
  public static SigningCertificate parse(byte[] encoded) {
    try {
      return new SigningCertificate((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(encoded)));
    } catch (java.security.cert.CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("not an X.509 certificate");
    }
  }

  /** Whether the certificate chains to one of {@code authorities} (each a chain, root last) at {@code when}. */
  public boolean chainsTo(List<List<X509Certificate>> authorities, Date when) {
    for (List<X509Certificate> chain : authorities) {
      try {
        X509Certificate root = chain.get(chain.size() - 1);
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain.subList(0, chain.size() - 1));
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(when);
        CertPathValidator.getInstance("PKIX").validate(certPath, params);
        return true;
      } catch (java.security.GeneralSecurityException e) {
        // not this authority
      }
    }
    return false;
  }

  /** The identities the certificate names: its e-mail and URI subject alternative names. */
  public List<String> identities() {
    List<String> names = new ArrayList<>();
    try {
      if (leaf.getSubjectAlternativeNames() != null) {
        for (List<?> san : leaf.getSubjectAlternativeNames()) {
          Object type = san.get(0);
          if (Integer.valueOf(1).equals(type) || Integer.valueOf(6).equals(type)) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // none readable
    }
    return names;
  }

  /** Whether one of its identities matches {@code identity} whole. */
  public boolean hasIdentity(Pattern identity) {
    return identities().stream().anyMatch(n -> identity.matcher(n).matches());
  }

  /** The OIDC issuer Fulcio wrote into it, if any. */
  public Optional<String> issuer() {
    byte[] v2 = leaf.getExtensionValue(ISSUER_V2);
    if (v2 != null) {
      byte[] inner = octets(v2);
      // The value is a DER UTF8String (tag 12).
      if (inner.length > 2 && inner[0] == 0x0c) {
        int[] at = {1};
        int length = length(inner, at);
        return Optional.of(new String(inner, at[0], Math.min(length, inner.length - at[0]), StandardCharsets.UTF_8));
      }
    }
    byte[] v1 = leaf.getExtensionValue(ISSUER_V1);
    return v1 == null ? Optional.empty() : Optional.of(new String(octets(v1), StandardCharsets.UTF_8)); // the raw string
  }

  /** The contents of the OCTET STRING an extension value comes wrapped in. */
  private static byte[] octets(byte[] der) {
    if (der.length < 2 || der[0] != 0x04) {
      return der;
    }
    int[] at = {1};
    int length = length(der, at);
    return java.util.Arrays.copyOfRange(der, at[0], Math.min(der.length, at[0] + length));
  }

  private static int length(byte[] der, int[] at) {
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int n = first & 0x7f;
    int length = 0;
    for (int i = 0; i < n && at[0] < der.length; i++) {
      length = (length << 8) | (der[at[0]++] & 0xff);
    }
    return length;
  }
}
