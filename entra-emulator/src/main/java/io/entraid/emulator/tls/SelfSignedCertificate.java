package io.entraid.emulator.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed X.509 v3 server certificate for {@code localhost} and {@code 127.0.0.1},
 * DER-encoded by hand (RFC 5280) so the emulator needs neither BouncyCastle nor {@code
 * sun.security} internals.
 */
public final class SelfSignedCertificate {
  private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
  private static final String COMMON_NAME = "2.5.4.3";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";

  private final KeyPair keyPair;
  private final X509Certificate certificate;

  public SelfSignedCertificate(KeyPair keyPair) {
    this.keyPair = keyPair;
    try {
      this.certificate = build(keyPair);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create the emulator's TLS certificate", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  private static X509Certificate build(KeyPair keyPair) throws GeneralSecurityException {
    ZonedDateTime now = ZonedDateTime.now();
    // GeneralName: dNSName [2] IA5String, iPAddress [7] OCTET STRING (RFC 5280 4.2.1.6).
    byte[] altNames =
        Der.sequence(
            Der.tagged(2, false, "localhost".getBytes(StandardCharsets.US_ASCII)),
            Der.tagged(7, false, new byte[] {127, 0, 0, 1}));
    return sign(
        keyPair,
        "localhost",
        now.minusDays(1),
        now.plusYears(2),
        Der.sequence(Der.oid(SUBJECT_ALT_NAME), Der.octetString(altNames)));
  }

  /**
   * A self-signed RSA certificate (SHA256withRSA) for {@code commonName}, valid between the two
   * times, with basic constraints and the given extra extensions.
   */
  static X509Certificate sign(
      KeyPair keyPair,
      String commonName,
      ZonedDateTime notBefore,
      ZonedDateTime notAfter,
      byte[]... extraExtensions)
      throws GeneralSecurityException {
    byte[] algorithm = Der.sequence(Der.oid(SHA256_WITH_RSA), Der.nullValue());
    byte[] name =
        Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    byte[] validity = Der.sequence(Der.time(notBefore), Der.time(notAfter));
    byte[][] all = new byte[extraExtensions.length + 1][];
    all[0] =
        Der.sequence(Der.oid(BASIC_CONSTRAINTS), Der.bool(true), Der.octetString(Der.sequence()));
    System.arraycopy(extraExtensions, 0, all, 1, extraExtensions.length);
    byte[] extensions = Der.tagged(3, true, Der.sequence(all));
    byte[] serial = Der.integer(new BigInteger(64, new SecureRandom()).add(BigInteger.ONE));
    byte[] tbs =
        Der.sequence(
            Der.tagged(0, true, Der.integer(BigInteger.TWO)), // version v3
            serial,
            algorithm,
            name,
            validity,
            name,
            keyPair.getPublic().getEncoded(), // SubjectPublicKeyInfo is already DER
            extensions);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(keyPair.getPrivate());
    signer.update(tbs);
    byte[] cert = Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(cert));
  }

  /** The server side: key + certificate. */
  public SSLContext serverContext() {
    try {
      char[] pw = "emulator".toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("emulator", keyPair.getPrivate(), pw, new X509Certificate[] {certificate});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pw);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot create the emulator's TLS server context", e);
    }
  }

  /** A trust store holding only the certificate, as clients (MSAL, HttpClient) load it. */
  public KeyStore trustStore() {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      ts.setCertificateEntry("entra-emulator", certificate);
      return ts;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("Cannot create the emulator's trust store", e);
    }
  }

  /** Writes the trust store to a new temp file; returns its path. The caller deletes it. */
  public Path writeTrustStore(char[] password) throws IOException {
    Path file = Files.createTempFile("entra-emulator-truststore-", ".p12");
    file.toFile().deleteOnExit(); // a fallback for emulators that are never closed
    try (OutputStream out = Files.newOutputStream(file)) {
      trustStore().store(out, password);
    } catch (GeneralSecurityException e) {
      Files.deleteIfExists(file);
      throw new IOException("Cannot write the trust store", e);
    }
    return file;
  }

  public SSLContext clientContext() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create the client TLS context", e);
    }
  }

  public static String randomPassword() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
