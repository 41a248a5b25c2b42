package io.entraid.connector.camunda.store;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts stored secrets with AES-256-GCM: a random 96-bit nonce per value, a 128-bit tag, and the
 * connection's name and key as associated data (a value copied to another connection or key does
 * not decrypt). A value is {@code aesgcm:v1:<base64(nonce | ciphertext+tag)>}. The key comes from
 * configuration or a key store, never from the database.
 */
public final class SecretCipher {
  static final String PREFIX = "aesgcm:v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  private SecretCipher(SecretKey key) {
    this.key = key;
  }

  /**
   * @param base64 a 256-bit key in base64 (e.g. {@code openssl rand -base64 32})
   * @throws IllegalArgumentException naming what is wrong with it (never the key itself)
   */
  public static SecretCipher fromBase64(String base64, String setting) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          setting
              + " is not base64. Fix: generate a key with `openssl rand -base64 32` and set it there.");
    }
    if (bytes.length != 32)
      throw new IllegalArgumentException(
          setting
              + " decodes to "
              + bytes.length
              + " bytes; AES-256 needs 32. Fix: generate a key with `openssl rand -base64 32`.");
    return new SecretCipher(new SecretKeySpec(bytes, "AES"));
  }

  /**
   * The AES key stored under {@code alias} in a PKCS12 key store (e.g. {@code keytool -genseckey
   * -keyalg AES -keysize 256 -storetype PKCS12}).
   */
  public static SecretCipher fromKeyStore(Path file, String password, String alias) {
    char[] pass = password == null ? new char[0] : password.toCharArray();
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, pass);
      Key key = store.getKey(alias, pass);
      if (!(key instanceof SecretKey secret) || !"AES".equalsIgnoreCase(key.getAlgorithm()))
        throw new IllegalArgumentException(
            "The key store "
                + file
                + " holds no AES key under the alias '"
                + alias
                + "'. Fix: create one with keytool -genseckey -alias "
                + alias
                + " -keyalg AES -keysize 256 -storetype PKCS12.");
      if (secret.getEncoded().length != 32)
        throw new IllegalArgumentException(
            "The AES key '" + alias + "' in " + file + " is not 256 bits. Fix: -keysize 256.");
      return new SecretCipher(new SecretKeySpec(secret.getEncoded(), "AES"));
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Cannot read the key store "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + "). Fix: check the path and the key store password.");
    }
  }

  public String encrypt(String clear, String connection, String parameter) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(connection, parameter));
      byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * @throws UndecryptableException when the value was encrypted with another key (or changed)
   */
  public String decrypt(String sealed, String connection, String parameter) {
    if (sealed == null || !sealed.startsWith(PREFIX))
      throw new UndecryptableException(connection, parameter, "it is not an encrypted value");
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(aad(connection, parameter));
      return new String(
          cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new UndecryptableException(
          connection,
          parameter,
          "it was encrypted with another key than the one configured (or changed in the database)");
    }
  }

  private static byte[] aad(String connection, String parameter) {
    return ("entraid-connection\u0000" + connection + "\u0000" + parameter)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A stored secret that the configured key cannot decrypt. */
  public static final class UndecryptableException extends RuntimeException {
    private final String parameter;

    UndecryptableException(String connection, String parameter, String why) {
      super(
          "The stored "
              + parameter
              + " of connection '"
              + connection
              + "' cannot be decrypted: "
              + why
              + ". Nothing was changed. Fix: configure the key the connection was saved with"
              + " (camunda.bpm.plugin.entraid.connection-store.key), or, if that key is lost, delete the"
              + " connection and create it again.");
      this.parameter = parameter;
    }

    /** The parameter whose value cannot be decrypted. */
    public String parameter() {
      return parameter;
    }
  }
}
