package io.entraid.connector.core.operation.users;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Generates initial passwords that meet Entra's complexity rule (three of upper, lower, digit,
 * symbol; 8 to 256 characters) with margin: all four classes, 20 characters. Symbols avoid quotes,
 * spaces and backslashes so the password survives being copied out of a form or mail.
 */
final class TemporaryPassword {
  static final int LENGTH = 20;
  private static final String UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijkmnopqrstuvwxyz";
  private static final String DIGITS = "23456789";
  private static final String SYMBOLS = "!#$%&*+-=?@^_";
  private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;
  private static final SecureRandom RANDOM = new SecureRandom();

  private TemporaryPassword() {}

  static String generate() {
    List<Character> chars = new ArrayList<>();
    for (String required : List.of(UPPER, LOWER, DIGITS, SYMBOLS)) chars.add(pick(required));
    while (chars.size() < LENGTH) chars.add(pick(ALL));
    Collections.shuffle(chars, RANDOM);
    StringBuilder password = new StringBuilder(LENGTH);
    chars.forEach(password::append);
    return password.toString();
  }

  private static char pick(String from) {
    return from.charAt(RANDOM.nextInt(from.length()));
  }
}
