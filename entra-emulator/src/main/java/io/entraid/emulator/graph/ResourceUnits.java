package io.entraid.emulator.graph;

import io.entraid.emulator.http.ApiRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Graph's identity-and-access resource-unit accounting (Learn "Microsoft Graph service-specific
 * throttling limits", identity and access service limits): request costs, a per app+tenant RU
 * budget per 10 seconds and the write quota of 3,000 requests per 150 seconds.
 */
public final class ResourceUnits {
  private static final long WINDOW_MS = 10_000;
  private static final long WRITE_WINDOW_MS = 150_000;
  private static final int WRITE_QUOTA = 3_000;

  private record Charge(long at, int cost) {}

  private static final class Budget {
    final Deque<Charge> charges = new ArrayDeque<>();
    final Deque<Long> writes = new ArrayDeque<>();
    int used;
  }

  /** The outcome of one charge attempt. */
  public record Decision(
      boolean allowed, int cost, double usedFraction, int retryAfterSeconds, String limit) {}

  private final Map<String, Budget> budgets = new HashMap<>();

  /**
   * Base costs: GET users 2, group members 3, transitiveMembers 5, memberOf/transitiveMemberOf 2,
   * checkMemberGroups/checkMemberObjects 4, any other GET 1, writes 1 (+1 write). $select -1,
   * $expand +1, $top below 20 -1; never below 1.
   */
  public static int cost(ApiRequest req) {
    String path = req.rawPath().toLowerCase(java.util.Locale.ROOT);
    String method = req.method();
    int cost;
    if (path.endsWith("/checkmembergroups") || path.endsWith("/checkmemberobjects")) {
      cost = 4;
    } else if (!method.equals("GET")) {
      return 1;
    } else if (path.contains("/transitivemembers")) {
      cost = 5;
    } else if (path.contains("/members")) {
      cost = 3;
    } else if (path.contains("/memberof") || path.contains("/transitivememberof")) {
      cost = 2;
    } else if (path.equals("/v1.0/users")) {
      cost = 2;
    } else {
      cost = 1;
    }
    Map<String, String> q = req.query();
    if (q.containsKey("$select")) {
      cost -= 1;
    }
    if (q.containsKey("$expand")) {
      cost += 1;
    }
    try {
      if (q.containsKey("$top") && Integer.parseInt(q.get("$top")) < 20) {
        cost -= 1;
      }
    } catch (NumberFormatException ignored) {
      // validated by the handler
    }
    return Math.max(1, cost);
  }

  public static boolean isWrite(ApiRequest req) {
    return !req.method().equals("GET")
        && !req.rawPath().toLowerCase(java.util.Locale.ROOT).endsWith("/checkmembergroups")
        && !req.rawPath().toLowerCase(java.util.Locale.ROOT).endsWith("/checkmemberobjects");
  }

  /**
   * Charges {@code cost} against the app+tenant budget of {@code quota} RU per 10 s, or refuses.
   */
  public synchronized Decision charge(
      String appTenantKey, int cost, boolean write, int quota, long nowMs) {
    Budget b = budgets.computeIfAbsent(appTenantKey, k -> new Budget());
    while (!b.charges.isEmpty() && b.charges.peekFirst().at() <= nowMs - WINDOW_MS) {
      b.used -= b.charges.removeFirst().cost();
    }
    while (!b.writes.isEmpty() && b.writes.peekFirst() <= nowMs - WRITE_WINDOW_MS) {
      b.writes.removeFirst();
    }
    if (write && b.writes.size() >= WRITE_QUOTA) {
      long freeAt = b.writes.peekFirst() + WRITE_WINDOW_MS;
      return new Decision(
          false, cost, 1.0 * b.used / quota, seconds(freeAt - nowMs), "WriteLimitExceeded");
    }
    if (b.used + cost > quota) {
      // Seconds until enough charges leave the window to fit this one.
      int needed = b.used + cost - quota;
      long freeAt = nowMs + WINDOW_MS;
      for (Charge c : b.charges) {
        needed -= c.cost();
        if (needed <= 0) {
          freeAt = c.at() + WINDOW_MS;
          break;
        }
      }
      return new Decision(
          false, cost, 1.0 * b.used / quota, seconds(freeAt - nowMs), "ResourceUnitLimitExceeded");
    }
    b.charges.addLast(new Charge(nowMs, cost));
    b.used += cost;
    if (write) {
      b.writes.addLast(nowMs);
    }
    return new Decision(true, cost, 1.0 * b.used / quota, 0, null);
  }

  public synchronized void clear() {
    budgets.clear();
  }

  private static int seconds(long ms) {
    return (int) Math.max(1, (ms + 999) / 1000);
  }
}
