package io.entraid.emulator.tls;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.http.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * A self-signed RSA certificate with its private key, as an administrator creates one for an app
 * registration's certificate credential (entra-docs "Create a self-signed public certificate to
 * authenticate your application"): the public part is uploaded to the app, the PFX or PEM with the
 * key stays with the client.
 */
public final class ClientCertificate {
  private final KeyPair keys;
  private final X509Certificate certificate;

  private ClientCertificate(KeyPair keys, X509Certificate certificate) {
    this.keys = keys;
    this.certificate = certificate;
  }

  /** A new RSA-2048 key pair and a certificate for CN={@code commonName} valid in the range. */
  public static ClientCertificate create(String commonName, Instant notBefore, Instant notAfter) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      KeyPair keys = gen.generateKeyPair();
      return new ClientCertificate(
          keys,
          SelfSignedCertificate.sign(
              keys, commonName, notBefore.atZone(ZoneOffset.UTC), notAfter.atZone(ZoneOffset.UTC)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create a client certificate", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public KeyPair keys() {
    return keys;
  }

  /** The certificate's SHA-1 hash in hex: the thumbprint the Azure portal shows. */
  public String thumbprint() {
    return java.util.HexFormat.of().withUpperCase().formatHex(digest("SHA-1"));
  }

  /** {@code x5t}: base64url of the SHA-1 hash (RFC 7515 section 4.1.7). */
  public String x5t() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest("SHA-1"));
  }

  /** {@code x5t#S256}: base64url of the SHA-256 hash (RFC 7515 section 4.1.8). */
  public String x5tS256() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest("SHA-256"));
  }

  private byte[] digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A client assertion signed with this key (certificate-credentials.md "Assertion format"): RS256,
   * the certificate's {@code x5t#S256}, {@code aud} the token endpoint, {@code iss} = {@code sub} =
   * the client id, a new {@code jti}, valid from {@code notBefore} to {@code expires}.
   */
  public String clientAssertion(
      String clientId, String audience, Instant notBefore, Instant expires) {
    ObjectNode claims =
        Json.object()
            .put("aud", audience)
            .put("iss", clientId)
            .put("sub", clientId)
            .put("jti", UUID.randomUUID().toString())
            .put("nbf", notBefore.getEpochSecond())
            .put("exp", expires.getEpochSecond());
    return sign("RS256", "x5t#S256", claims);
  }

  /**
   * A JWT with these claims signed with this key, {@code alg} RS256 or PS256 (RFC 7518), the
   * thumbprint in {@code thumbprintHeader} ({@code x5t} or {@code x5t#S256}).
   */
  public String sign(String alg, String thumbprintHeader, ObjectNode claims) {
    ObjectNode header =
        Json.object()
            .put("alg", alg)
            .put("typ", "JWT")
            .put(thumbprintHeader, thumbprintHeader.equals("x5t") ? x5t() : x5tS256());
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input =
        b64.encodeToString(Json.bytes(header)) + "." + b64.encodeToString(Json.bytes(claims));
    try {
      Signature s;
      if (alg.equals("PS256")) {
        s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      } else {
        s = Signature.getInstance("SHA256withRSA");
      }
      s.initSign(keys.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign the assertion", e);
    }
  }

  /** The certificate and its unencrypted PKCS#8 private key in one PEM file. */
  public Path writePem(Path file) throws IOException {
    return write(file, certificatePem() + pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
  }

  /** Only the public certificate, PEM-encoded: what is uploaded to the app registration. */
  public Path writeCertificatePem(Path file) throws IOException {
    return write(file, certificatePem());
  }

  /** Only the public certificate, DER-encoded (a .cer file). */
  public Path writeDer(Path file) throws IOException {
    try {
      return Files.write(file, certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IOException(e);
    }
  }

  /** A PKCS12/PFX file with key and certificate, protected by {@code password}. */
  public Path writePfx(Path file, String password) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "client", keys.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
      store.store(out, password.toCharArray());
      return file;
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot write the PFX", e);
    }
  }

  public String certificatePem() {
    try {
      return pem("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "ClientCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
  }
}
