package io.entraid.connector.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelled names (connection keys, operation names). */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code typed}, ignoring case, if at most {@code maxDistance} edits
   * away.
   */
  public static Optional<String> closest(
      String typed, Collection<String> candidates, int maxDistance) {
    if (typed == null) return Optional.empty();
    String t = typed.toLowerCase(Locale.ROOT);
    return candidates.stream()
        .min(Comparator.comparingInt(c -> editDistance(t, c.toLowerCase(Locale.ROOT))))
        .filter(c -> editDistance(t, c.toLowerCase(Locale.ROOT)) <= maxDistance);
  }

  /** Levenshtein distance. */
  public static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
