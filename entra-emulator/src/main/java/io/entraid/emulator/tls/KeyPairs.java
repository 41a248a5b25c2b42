package io.entraid.emulator.tls;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/**
 * RSA key pairs shared by all emulators of one JVM. RSA-2048 generation takes 50-500 ms; generating
 * once keeps emulator start in the millisecond range when a test suite starts one emulator per test
 * class. Certificates and trust stores are still made per emulator.
 */
public final class KeyPairs {
  private KeyPairs() {}

  private static final class Tls {
    static final KeyPair KEYS = generate();
  }

  private static final class Signing {
    static final KeyPair KEYS = generate();
  }

  private static final class Federation {
    static final KeyPair KEYS = generate();
  }

  public static KeyPair tls() {
    return Tls.KEYS;
  }

  public static KeyPair tokenSigning() {
    return Signing.KEYS;
  }

  /** The key of the emulated external token issuer (workload identity federation). */
  public static KeyPair federation() {
    return Federation.KEYS;
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
      gen.initialize(2048);
      return gen.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
