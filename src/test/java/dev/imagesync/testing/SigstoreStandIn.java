package dev.imagesync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sigstore's keyless pieces, made in a test: a certificate authority in Fulcio's place (its root,
 * and short-lived signing certificates with an identity in a URI subject alternative name and the
 * OIDC issuer in Fulcio's extension 1.3.6.1.4.1.57264.1.8, made with keytool), a transparency log
 * in Rekor's place (an ECDSA key that signs entry timestamps over the canonical JSON of
 * hashedrekord entries), and the trusted_root.json that trusts them (sigstore/protobuf-specs).
 */
public final class SigstoreStandIn {

  private static final String PASS = "changeit";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A signing certificate and its private key. */
  public record Signer(X509Certificate certificate, PrivateKey key, String certificatePem) {}

  private final Path dir;
  private final X509Certificate root;
  private final KeyPair log;
  private int leaves;

  public SigstoreStandIn(Path dir, String name) throws Exception {
    this.dir = Files.createDirectories(dir.resolve(name));
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "bc:c",
        "-validity", "3650", "-keystore", keystore().toString(), "-storetype", "PKCS12", "-storepass", PASS);
    this.root = (X509Certificate) load().getCertificate("ca");
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    this.log = g.generateKeyPair();
  }

  private Path keystore() {
    return dir.resolve("ks.p12");
  }

  private KeyStore load() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(keystore().toFile())) {
      ks.load(in, PASS.toCharArray());
    }
    return ks;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + ": " + out);
    }
  }

  /** A certificate for {@code identity} (a URI) vouched for by {@code issuer}, as Fulcio issues one (a day's validity here). */
  public Signer signer(String identity, String issuer) throws Exception {
    String alias = "leaf" + (++leaves);
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=sigstore", "-keystore",
        keystore().toString(), "-storepass", PASS);
    Path csr = dir.resolve(alias + ".csr");
    Path pem = dir.resolve(alias + ".pem");
    keytool("-certreq", "-alias", alias, "-keystore", keystore().toString(), "-storepass", PASS, "-file", csr.toString());
    byte[] issuerBytes = issuer.getBytes(StandardCharsets.UTF_8);
    StringBuilder hex = new StringBuilder(String.format("0c:%02x", issuerBytes.length)); // a DER UTF8String
    for (byte b : issuerBytes) {
      hex.append(String.format(":%02x", b));
    }
    keytool("-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", pem.toString(), "-rfc", "-keystore", keystore().toString(),
        "-storepass", PASS, "-validity", "1", "-ext", "SAN=uri:" + identity, "-ext", "1.3.6.1.4.1.57264.1.8=" + hex);
    String text = Files.readString(pem);
    X509Certificate cert = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    return new Signer(cert, (PrivateKey) load().getKey(alias, PASS.toCharArray()), text);
  }

  /** cosign's dev.sigstore.cosign/bundle annotation: this log's entry of {@code signature} (base64) over {@code payload} by {@code signer}. */
  public String logEntry(Signer signer, String signature, byte[] payload) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    body.put("apiVersion", "0.0.1");
    body.put("kind", "hashedrekord");
    ObjectNode spec = body.putObject("spec");
    ObjectNode hash = spec.putObject("data").putObject("hash");
    hash.put("algorithm", "sha256");
    hash.put("value", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)));
    ObjectNode sig = spec.putObject("signature");
    sig.put("content", signature);
    sig.putObject("publicKey").put("content", Base64.getEncoder().encodeToString(signer.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    String encodedBody = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(body));
    long now = System.currentTimeMillis() / 1000;
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("SignedEntryTimestamp", signedEntryTimestamp(encodedBody, now));
    ObjectNode p = bundle.putObject("Payload");
    p.put("body", encodedBody);
    p.put("integratedTime", now);
    p.put("logIndex", 7);
    p.put("logID", logId());
    return JSON.writeValueAsString(bundle);
  }

  /**
   * cosign 3's keyless signature: a sigstore bundle v0.3 (sigstore/protobuf-specs) of a DSSE
   * envelope of {@code statement} (an in-toto statement) signed by {@code signer}, with this log's
   * {@code dsse} entry (Rekor's dsse v0.0.1: the payload's hash, the signature and its verifier) —
   * of {@code loggedPayload}, which is the statement unless a test wants an entry of another — and
   * the log's signed entry timestamp as the bundle's inclusion promise.
   */
  public byte[] keylessBundle(Signer signer, byte[] statement, byte[] loggedPayload) throws Exception {
    return keylessBundle(signer, statement, loggedPayload, true);
  }

  /**
   * The same, with the log's inclusion proof of the entry (its leaf third of five in the log's
   * tree, RFC 6962) and the checkpoint the log signed for that tree; {@code proofHolds} false
   * changes one hash of the path, as a forged proof would.
   */
  public byte[] keylessBundle(Signer signer, byte[] statement, byte[] loggedPayload, boolean proofHolds) throws Exception {
    String type = "application/vnd.in-toto+json";
    byte[] head = ("DSSEv1 " + type.length() + " " + type + " " + statement.length + " ").getBytes(StandardCharsets.UTF_8);
    byte[] pae = java.util.Arrays.copyOf(head, head.length + statement.length);
    System.arraycopy(statement, 0, pae, head.length, statement.length);
    Signature signing = Signature.getInstance("SHA256withECDSA");
    signing.initSign(signer.key());
    signing.update(pae);
    String signature = Base64.getEncoder().encodeToString(signing.sign());
    ObjectNode body = JSON.createObjectNode();
    body.put("apiVersion", "0.0.1");
    body.put("kind", "dsse");
    ObjectNode spec = body.putObject("spec");
    spec.putObject("envelopeHash").put("algorithm", "sha256").put("value", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pae)));
    spec.putObject("payloadHash").put("algorithm", "sha256")
        .put("value", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(loggedPayload)));
    spec.putArray("signatures").addObject().put("signature", signature)
        .put("verifier", Base64.getEncoder().encodeToString(signer.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    String encodedBody = Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(body));
    long now = System.currentTimeMillis() / 1000;
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json");
    ObjectNode material = bundle.putObject("verificationMaterial");
    material.putObject("certificate").put("rawBytes", Base64.getEncoder().encodeToString(signer.certificate().getEncoded()));
    ObjectNode entry = material.putArray("tlogEntries").addObject();
    entry.put("logIndex", "7");
    entry.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(logId())));
    entry.putObject("kindVersion").put("kind", "dsse").put("version", "0.0.1");
    entry.put("integratedTime", Long.toString(now));
    entry.putObject("inclusionPromise").put("signedEntryTimestamp", signedEntryTimestamp(encodedBody, now));
    entry.put("canonicalizedBody", encodedBody);
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      leaves.add(i == 2 ? Base64.getDecoder().decode(encodedBody) : ("another entry " + i).getBytes(StandardCharsets.UTF_8));
    }
    byte[] treeRoot = MerkleTree.root(leaves);
    List<byte[]> path = MerkleTree.path(2, leaves);
    if (!proofHolds) {
      path.get(0)[0] ^= 1;
    }
    ObjectNode proof = entry.putObject("inclusionProof");
    proof.put("logIndex", "2");
    proof.put("rootHash", Base64.getEncoder().encodeToString(treeRoot));
    proof.put("treeSize", "5");
    path.forEach(h -> proof.withArray("hashes").add(Base64.getEncoder().encodeToString(h)));
    proof.putObject("checkpoint").put("envelope", MerkleTree.checkpoint(log.getPrivate(), HexFormat.of().parseHex(logId()), 5, treeRoot));
    ObjectNode envelope = bundle.putObject("dsseEnvelope");
    envelope.put("payload", Base64.getEncoder().encodeToString(statement));
    envelope.put("payloadType", type);
    envelope.putArray("signatures").addObject().put("sig", signature).put("keyid", "");
    return JSON.writeValueAsBytes(bundle);
  }

  /** The log's signature over the canonical JSON of an entry (Rekor's signed entry timestamp), base64. */
  private String signedEntryTimestamp(String encodedBody, long integratedTime) throws Exception {
    String canonical = "{\"body\":\"" + encodedBody + "\",\"integratedTime\":" + integratedTime + ",\"logID\":\"" + logId() + "\",\"logIndex\":7}";
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initSign(log.getPrivate());
    s.update(canonical.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(s.sign());
  }

  private String logId() throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(log.getPublic().getEncoded()));
  }

  /** trusted_root.json trusting this authority and this log. */
  public Path trustedRoot() throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    ObjectNode tlog = root.putArray("tlogs").addObject();
    tlog.put("baseUrl", "https://rekor.test");
    tlog.put("hashAlgorithm", "SHA2_256");
    ObjectNode key = tlog.putObject("publicKey");
    key.put("rawBytes", Base64.getEncoder().encodeToString(log.getPublic().getEncoded()));
    key.put("keyDetails", "PKIX_ECDSA_P256_SHA_256");
    tlog.putObject("logId").put("keyId", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(logId())));
    ObjectNode ca = root.putArray("certificateAuthorities").addObject();
    ca.putObject("subject").put("commonName", this.root.getSubjectX500Principal().getName());
    ca.put("uri", "https://fulcio.test");
    ca.putObject("certChain").putArray("certificates").addObject().put("rawBytes", Base64.getEncoder().encodeToString(this.root.getEncoded()));
    root.putArray("ctlogs");
    root.putArray("timestampAuthorities");
    Path file = dir.resolve("trusted_root.json");
    Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    return file;
  }
}
