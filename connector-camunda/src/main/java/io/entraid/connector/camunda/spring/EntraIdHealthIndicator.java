package io.entraid.connector.camunda.spring;

import io.entraid.connector.camunda.trigger.TriggerStatus;
import io.entraid.connector.camunda.trigger.Triggers;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.ConnectionTestResult;
import io.entraid.connector.core.connection.ConnectionTester;
import io.entraid.connector.core.connection.CredentialExpiry;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.InvalidConnectionException;
import io.entraid.connector.core.trigger.TriggerDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * UP when every connection can get a token that carries application permissions and the node's last
 * Graph request got an answer ({@link GraphReachability}). Each connection's details show when its
 * credential expires ({@code credentialExpiry}); within the warning period a connection's detail
 * carries a {@code warning} (the indicator stays UP, the credential still works), and an expired
 * credential makes it DOWN with the diagnosis. Results are reused for a while, so frequent probes
 * do not hammer the token endpoint (tokens are cached anyway; a failing connection is not). Details
 * never contain secrets. Stored connections are listed from their creation to their deletion, and a
 * replaced one (a rotated secret) is tested again.
 */
public final class EntraIdHealthIndicator extends AbstractHealthIndicator {
  /** A result of this very connection object: a stored connection replaced is tested again. */
  private record Cached(EntraConnection connection, ConnectionTestResult result, Instant at) {}

  private final ConnectionRegistry connections;
  private final Duration ttl;
  private final Clock clock;
  private final GraphReachability graph;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Triggers triggers;

  public EntraIdHealthIndicator(ConnectionRegistry connections, Duration ttl, Clock clock) {
    this(connections, ttl, clock, Triggers.none(), new GraphReachability(clock));
  }

  public EntraIdHealthIndicator(
      ConnectionRegistry connections, Duration ttl, Clock clock, GraphReachability graph) {
    this(connections, ttl, clock, Triggers.none(), graph);
  }

  /**
   * @param triggers their status on this node is shown too (polls, deliveries, unsubscribed events)
   * @param graph whether this node's Graph requests get answers
   */
  public EntraIdHealthIndicator(
      ConnectionRegistry connections,
      Duration ttl,
      Clock clock,
      Triggers triggers,
      GraphReachability graph) {
    super("Entra ID health check failed");
    this.connections = connections;
    this.ttl = ttl;
    this.clock = clock;
    this.triggers = triggers;
    this.graph = graph;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    boolean up = true;
    Map<String, Object> details = new LinkedHashMap<>();
    cache.keySet().retainAll(connections.names()); // stored connections deleted meanwhile
    for (String name : connections.names()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      try {
        ConnectionTestResult result = test(connections.get(name));
        up &= result.ok();
        detail.put("status", result.ok() ? "UP" : "DOWN");
        if (result.diagnosis() != null) detail.put("diagnosis", result.diagnosis().name());
        detail.put("message", result.message());
        detail.put("permissions", result.grantedPermissions());
        CredentialExpiry expiry = result.credentialExpiry();
        detail.put("credentialExpiry", expiry.asMap());
        if (expiry.status() == CredentialExpiry.Status.EXPIRING) {
          detail.put("warning", expiry.message());
        }
      } catch (InvalidConnectionException e) {
        up = false;
        detail.put("status", "DOWN");
        detail.put("message", e.getMessage());
      }
      details.put(name, detail);
    }
    var outage = graph.outage();
    outage.ifPresent(
        o ->
            builder.withDetail(
                "graph",
                "unreachable since "
                    + o.since()
                    + ": "
                    + o.failures()
                    + " Graph request(s) got no answer (network failure); tasks retry on their"
                    + " retry cycle and recover by themselves once Graph answers again. Fix: check the"
                    + " network, proxy and firewall between this node and the Graph endpoint"));
    (up && outage.isEmpty() ? builder.up() : builder.down()).withDetail("connections", details);
    if (!triggers.isEmpty()) {
      Map<String, Object> byTrigger = new LinkedHashMap<>();
      for (TriggerDefinition t : triggers.all()) {
        TriggerStatus status = triggers.status(t.name());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("connection", t.connection());
        detail.put("polls", status.polls());
        detail.put("lastPoll", String.valueOf(status.lastPoll()));
        detail.put("baseline", status.inBaseline());
        detail.put("delivered", status.deliveredCount());
        detail.put("unsubscribed", status.unsubscribedCount());
        if (status.lastError() != null) detail.put("lastError", status.lastError());
        byTrigger.put(t.name(), detail);
      }
      builder.withDetail("triggers", byTrigger);
    }
  }

  private ConnectionTestResult test(EntraConnection connection) {
    Instant now = clock.instant();
    Cached cached = cache.get(connection.name());
    if (cached == null
        || cached.connection() != connection
        || cached.at().plus(ttl).isBefore(now)) {
      cached = new Cached(connection, ConnectionTester.test(connection), now);
      cache.put(connection.name(), cached);
    }
    return cached.result();
  }
}
