package io.entraid.connector.core.connection;

import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.token.MsalTokenProvider;
import io.entraid.connector.core.token.TokenProvider;
import java.time.Clock;
import java.time.Duration;

/**
 * A usable, named EntraID connection: validated settings and what is built once for them and shared
 * by every task that uses the connection: the token provider, the Graph client, the group-name
 * cache.
 */
public final class EntraConnection {
  private final EntraIdSettings settings;
  private final TokenProvider tokens;
  private final GraphClient graph;
  private final GroupResolver groups;
  private final RecentMemberships recentMemberships;
  private final CredentialExpiryMonitor expiry;

  public EntraConnection(EntraIdSettings settings, TokenProvider tokens, GraphClient graph) {
    this(settings, tokens, graph, CredentialExpiryOptions.DEFAULTS);
  }

  public EntraConnection(
      EntraIdSettings settings,
      TokenProvider tokens,
      GraphClient graph,
      CredentialExpiryOptions expiryOptions) {
    this.settings = settings;
    this.tokens = tokens;
    this.graph = graph;
    Clock clock = graph == null ? Clock.systemUTC() : graph.clock();
    this.groups = new GroupResolver(graph, clock);
    this.recentMemberships =
        new RecentMemberships(clock, graph == null ? Duration.ZERO : graph.replicationWindow());
    this.expiry = new CredentialExpiryMonitor(settings, tokens, graph, expiryOptions, clock);
  }

  public static EntraConnection create(EntraIdSettings settings, ConnectionOptions options) {
    TokenProvider tokens =
        new MsalTokenProvider(settings.token(), options.http(), options.listener());
    return new EntraConnection(
        settings,
        tokens,
        GraphClient.create(
            settings.graphEndpoint(), tokens, options.http(), options.graph(), options.listener()),
        options.expiry());
  }

  public String name() {
    return settings.name();
  }

  public EntraIdSettings settings() {
    return settings;
  }

  public TokenProvider tokens() {
    return tokens;
  }

  public GraphClient graph() {
    return graph;
  }

  /** Group names resolved to ids, cached for a bounded time. */
  public GroupResolver groups() {
    return groups;
  }

  /**
   * Memberships this connection added within the replication window (read-your-writes for
   * membership checks).
   */
  public RecentMemberships recentMemberships() {
    return recentMemberships;
  }

  /**
   * When the connection's credential expires (a certificate's end date, or a client secret's from
   * Graph when the connection opted in); may send one Graph request per cache period.
   */
  public CredentialExpiry credentialExpiry() {
    return expiry.current();
  }

  /** The expiry watch behind {@link #credentialExpiry()}. */
  public CredentialExpiryMonitor credentialExpiryMonitor() {
    return expiry;
  }

  @Override
  public String toString() {
    return "EntraConnection[" + settings + "]";
  }
}
