package io.entraid.connector.core.token;

import io.entraid.connector.core.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A client certificate with its RSA private key, read from a PKCS12/PFX file or a PEM file (the
 * certificate and a PKCS#8, encrypted PKCS#8 or PKCS#1 key in one file), or from such a file's
 * uploaded content. Reading diagnoses the usual mix-ups: the public .cer instead of the PFX, a PEM
 * without its key, a wrong password, a key that belongs to another certificate. The key never
 * appears in {@code toString} or a message; a message names the file, or "the uploaded file".
 */
public final class CertificateFile {
  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
  private static final String PORTAL =
      "Microsoft Entra ID > App registrations > your app > Certificates & secrets > Certificates";

  /** What messages call the certificate's file, and how they tell to replace it. */
  private record Origin(String name, boolean uploaded) {
    static Origin of(CertificateSource source) {
      return source instanceof CertificateSource.File f
          ? new Origin(f.path().toString(), false)
          : new Origin("the uploaded file", true);
    }

    /** The name at the start of a sentence. */
    String subject() {
      return uploaded ? "The uploaded file" : name;
    }

    /** The fix's verb phrase for giving another file. */
    String use(String file) {
      return (uploaded ? "upload " : "point ClientCertificate at ") + file;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final PrivateKey key;
  private final List<X509Certificate> chain;
  private final Origin origin;

  private CertificateFile(PrivateKey key, List<X509Certificate> chain, Origin origin) {
    this.key = key;
    this.chain = List.copyOf(chain);
    this.origin = origin;
  }

  public PrivateKey privateKey() {
    return key;
  }

  /** The certificate first, then any issuers the file holds. */
  public List<X509Certificate> chain() {
    return chain;
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  public Instant notAfter() {
    return certificate().getNotAfter().toInstant();
  }

  /**
   * Reads and checks the file or uploaded content; does not check the validity period (see {@link
   * #checkValidAt}).
   */
  public static CertificateFile read(CertificateSource source, Optional<Secret> password)
      throws CredentialFileException {
    Origin file = Origin.of(source);
    byte[] content;
    boolean namedPfx = false;
    if (source instanceof CertificateSource.File f) {
      content = CredentialFiles.read(f.path());
      String name = f.path().getFileName() == null ? "" : f.path().getFileName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      namedPfx = lower.endsWith(".pfx") || lower.endsWith(".p12");
    } else {
      content = ((CertificateSource.Uploaded) source).bytes();
    }
    String text = new String(content, StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN ")) {
      return fromPem(file, text, password, namedPfx);
    }
    if (isDerCertificate(content)) {
      throw new CredentialFileException(
          file.subject()
              + " holds only a public certificate (the .cer you upload to Entra ID), not its private key.",
          file.use(
              "the PFX/PKCS12 file (or a PEM with certificate and private key) that was exported with the private key."));
    }
    return fromPkcs12(file, content, password);
  }

  /**
   * @throws CredentialFileException when the certificate is not yet valid or has expired at {@code
   *     now}; Entra ID refuses it then
   */
  public void checkValidAt(Instant now) throws CredentialFileException {
    Origin file = origin;
    X509Certificate cert = certificate();
    if (now.isBefore(cert.getNotBefore().toInstant())) {
      throw new CredentialFileException(
          "The certificate in "
              + file
              + " is not valid before "
              + cert.getNotBefore().toInstant()
              + ".",
          "check the clock of this machine, or use a certificate that is valid now.");
    }
    if (!now.isBefore(notAfter())) {
      throw new CredentialFileException(
          "The certificate in " + file + " expired on " + notAfter() + ".",
          "create a new certificate, upload its public part under "
              + PORTAL
              + ", and "
              + file.use("the new file")
              + ".");
    }
  }

  private static CertificateFile fromPkcs12(Origin file, byte[] content, Optional<Secret> password)
      throws CredentialFileException {
    char[] pw = password.map(p -> p.reveal().toCharArray()).orElse(new char[0]);
    KeyStore store;
    try {
      store = KeyStore.getInstance("PKCS12");
      store.load(new ByteArrayInputStream(content), pw);
    } catch (IOException e) {
      if (isPasswordProblem(e)) {
        throw new CredentialFileException(
            password.isPresent()
                ? "The password does not open " + file + "."
                : file.subject()
                    + " is protected by a password, and ClientCertificatePassword is not set.",
            "set ClientCertificatePassword to the password the PFX was exported with.");
      }
      throw new CredentialFileException(
          file.subject() + " is neither a PKCS12/PFX file nor a PEM file.",
          "export the certificate with its private key as .pfx, or give a PEM file holding -----BEGIN CERTIFICATE----- and -----BEGIN PRIVATE KEY----- blocks.");
    } catch (GeneralSecurityException e) {
      throw new CredentialFileException(
          file.subject()
              + " could not be read as PKCS12/PFX ("
              + e.getClass().getSimpleName()
              + ").",
          "export the certificate again as .pfx with its private key.");
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) continue;
        Key key = store.getKey(alias, pw);
        if (!(key instanceof PrivateKey privateKey)) continue;
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(alias)) chain.add((X509Certificate) c);
        return checked(file, privateKey, chain);
      }
    } catch (GeneralSecurityException e) {
      throw new CredentialFileException(
          "The private key in " + file + " could not be opened with the given password.",
          "set ClientCertificatePassword to the key's password (usually the PFX's).");
    }
    throw new CredentialFileException(
        file.subject() + " holds no private key, only certificates.",
        "export the certificate again as .pfx and choose \"Yes, export the private key\".");
  }

  private static CertificateFile fromPem(
      Origin file, String text, Optional<Secret> password, boolean namedPfx)
      throws CredentialFileException {
    List<X509Certificate> certs = new ArrayList<>();
    PrivateKey key = null;
    Matcher m = PEM_BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2).strip());
      } catch (IllegalArgumentException e) {
        throw new CredentialFileException(
            "The " + type + " block in " + file + " is not valid base64.",
            "copy the PEM file again without changing it.");
      }
      switch (type) {
        case "CERTIFICATE" -> certs.add(certificate(file, der));
        case "PRIVATE KEY" -> key = rsaKey(file, der);
        case "RSA PRIVATE KEY" -> key = rsaKey(file, pkcs1ToPkcs8(der));
        case "ENCRYPTED PRIVATE KEY" -> key = decrypt(file, der, password);
        case "EC PRIVATE KEY" ->
            throw new CredentialFileException(
                file.subject()
                    + " holds an EC key; Entra ID client certificates for MSAL must use RSA.",
                "create an RSA certificate (2048 bits or more).");
        default -> {
          // other blocks (parameters, CSRs) are ignored
        }
      }
    }
    String mixUp = namedPfx ? " Although its name ends in .pfx/.p12, it is a PEM text file." : "";
    if (certs.isEmpty()) {
      throw new CredentialFileException(
          file.subject() + " is PEM text without a -----BEGIN CERTIFICATE----- block." + mixUp,
          "put the certificate and its private key in one PEM file, or use the PFX file.");
    }
    if (key == null) {
      throw new CredentialFileException(
          file.subject() + " holds a certificate but no private key." + mixUp,
          "append the private key (-----BEGIN PRIVATE KEY-----) to the file, or use the PFX exported with its private key.");
    }
    return checked(file, key, certs);
  }

  /** Puts the certificate that belongs to the key first; fails when none does. */
  private static CertificateFile checked(Origin file, PrivateKey key, List<X509Certificate> certs)
      throws CredentialFileException {
    if (!(key instanceof RSAKey rsa)) {
      throw new CredentialFileException(
          file.subject()
              + " holds a "
              + key.getAlgorithm()
              + " key; Entra ID client certificates for MSAL must use RSA.",
          "create an RSA certificate (2048 bits or more).");
    }
    for (X509Certificate cert : certs) {
      if (cert.getPublicKey() instanceof RSAKey pub && pub.getModulus().equals(rsa.getModulus())) {
        List<X509Certificate> chain = new ArrayList<>(certs);
        chain.remove(cert);
        chain.add(0, cert);
        return new CertificateFile(key, chain, file);
      }
    }
    throw new CredentialFileException(
        "The private key in "
            + file
            + " does not belong to its certificate ("
            + certs.get(0).getSubjectX500Principal().getName()
            + ").",
        "use the key that was created with this certificate; export certificate and key together as .pfx.");
  }

  private static X509Certificate certificate(Origin file, byte[] der)
      throws CredentialFileException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new CredentialFileException(
          "A certificate in " + file + " does not parse as X.509.",
          "copy the PEM file again without changing it.");
    }
  }

  private static PrivateKey rsaKey(Origin file, byte[] pkcs8) throws CredentialFileException {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException e) {
      throw new CredentialFileException(
          "The private key in " + file + " is not an RSA key in PKCS#8 form.",
          "use an RSA certificate; convert the key with: openssl pkcs8 -topk8 -nocrypt -in key.pem.");
    }
  }

  private static PrivateKey decrypt(Origin file, byte[] der, Optional<Secret> password)
      throws CredentialFileException {
    if (password.isEmpty()) {
      throw new CredentialFileException(
          "The private key in " + file + " is encrypted, and ClientCertificatePassword is not set.",
          "set ClientCertificatePassword to the key's password.");
    }
    try {
      EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
      AlgorithmParameters params = info.getAlgParameters();
      String algorithm = params == null ? info.getAlgName() : params.toString();
      Key pbe =
          SecretKeyFactory.getInstance(algorithm)
              .generateSecret(new PBEKeySpec(password.get().reveal().toCharArray()));
      Cipher cipher = Cipher.getInstance(algorithm);
      cipher.init(Cipher.DECRYPT_MODE, pbe, params);
      return rsaKey(file, info.getKeySpec(cipher).getEncoded());
    } catch (IOException | GeneralSecurityException e) {
      throw new CredentialFileException(
          "The password does not open the encrypted private key in " + file + ".",
          "set ClientCertificatePassword to the key's password.");
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (RFC 5208) with rsaEncryption. */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] octets = der(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(octets);
    return der(0x30, body.toByteArray());
  }

  private static byte[] der(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static boolean isDerCertificate(byte[] content) {
    try {
      CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(content));
      return true;
    } catch (CertificateException | RuntimeException e) {
      return false;
    }
  }

  private static boolean isPasswordProblem(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.UnrecoverableKeyException
          || t instanceof javax.crypto.BadPaddingException) return true;
      if (String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("password")) return true;
    }
    return false;
  }

  /**
   * What identifies the certificate without revealing anything secret: its subject, its thumbprint
   * (SHA-1, in hex, as the Entra admin center shows it) and when it expires.
   */
  public String summary() {
    String thumbprint;
    try {
      thumbprint =
          java.util.HexFormat.of()
              .withUpperCase()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-1")
                      .digest(certificate().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 or X.509 encoding is not available", e);
    }
    return certificate().getSubjectX500Principal().getName()
        + ", thumbprint "
        + thumbprint
        + ", expires "
        + notAfter();
  }

  @Override
  public String toString() {
    return "CertificateFile["
        + certificate().getSubjectX500Principal().getName()
        + ", notAfter="
        + notAfter()
        + "]";
  }
}
