package io.entraid.emulator;

import java.security.SecureRandom;
import java.util.Random;
import java.util.UUID;

/** GUIDs: random for secrets and request ids, seeded for anything that must be reproducible. */
public final class Ids {
  private static final SecureRandom SECURE = new SecureRandom();

  private Ids() {}

  public static String randomGuid() {
    return guid(SECURE);
  }

  /** A version-4-shaped GUID drawn from {@code random} (deterministic for a seeded Random). */
  public static String guid(Random random) {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  public static boolean isGuid(String s) {
    return s != null
        && s.length() == 36
        && s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }
}
