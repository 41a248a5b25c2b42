package io.entraid.connector.camunda.spring;

import io.entraid.connector.camunda.EntraIdDelegate;
import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.rest.ConnectionsResource;
import io.entraid.connector.camunda.sync.CamundaSyncTargets;
import io.entraid.connector.camunda.sync.SyncProgressTracker;
import io.entraid.connector.camunda.trigger.Triggers;
import io.entraid.connector.core.GraphListener;
import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.InvalidConnectionException;
import io.entraid.connector.core.graph.GraphClientOptions;
import io.entraid.connector.core.operation.ConnectionPolicies;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.trigger.InvalidTriggerException;
import io.entraid.connector.core.trigger.TriggerDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.camunda.bpm.engine.ProcessEngine;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets up the connector in a Spring Boot Camunda application from {@code
 * camunda.bpm.plugin.entraid.*}. Every bean can be replaced by defining one of the same type (or
 * name). Connections are validated when the application starts: a misconfigured connection stops it
 * with the diagnosis, unless the connection is marked lazy.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(ProcessEngine.class)
@ConditionalOnProperty(prefix = EntraIdProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(EntraIdProperties.class)
public class EntraIdAutoConfiguration {
  /**
   * The name of an optional SSLContext bean used instead of the JVM's trust store (e.g. an embedded
   * emulator).
   */
  public static final String SSL_CONTEXT_BEAN = "entraIdSslContext";

  /** Whether Graph answers this node: a Graph listener the health indicator reads. */
  @Bean
  @ConditionalOnMissingBean
  public GraphReachability entraIdGraphReachability() {
    return new GraphReachability(Clock.systemUTC());
  }

  @Bean
  @ConditionalOnMissingBean
  public SyncProgressTracker entraIdSyncProgress() {
    return new SyncProgressTracker();
  }

  @Bean
  @ConditionalOnMissingBean
  public CamundaSyncTargets entraIdSyncTargets(
      SyncProgressTracker syncProgress, EntraIdProperties properties) {
    return new CamundaSyncTargets(syncProgress, properties.getSync().toSettings());
  }

  @Bean
  @ConditionalOnMissingBean
  public OperationCatalog entraIdOperationCatalog(CamundaSyncTargets syncTargets) {
    return OperationCatalog.standard(syncTargets);
  }

  @Bean
  @ConditionalOnMissingBean
  public ConnectionOptions entraIdConnectionOptions(
      EntraIdProperties properties,
      @Qualifier(SSL_CONTEXT_BEAN) ObjectProvider<SSLContext> sslContext,
      ObjectProvider<GraphListener> listeners) {
    EntraIdProperties.Http http = properties.getHttp();
    GraphListener listener = GraphListener.of(listeners.orderedStream().toList());
    return new ConnectionOptions(
        sslContext.getIfAvailable(),
        http.getConnectTimeout(),
        http.getReadTimeout(),
        Clock.systemUTC(),
        new GraphClientOptions(
            http.getMaxAttempts(),
            http.getDeadline(),
            http.getInitialBackoff(),
            http.getMaxBackoff(),
            http.getReplicationWindow()),
        listener,
        properties.credentialExpiryOptions());
  }

  @Bean
  @ConditionalOnMissingBean
  public ConnectionRegistry entraIdConnections(
      EntraIdProperties properties, ConnectionOptions options) {
    List<ConnectionDefinition> definitions =
        properties.getConnections().entrySet().stream()
            .map(
                e ->
                    new ConnectionDefinition(
                        e.getKey(), e.getValue().getType(), e.getValue().getParameters()))
            .toList();
    Set<String> lazy =
        properties.getConnections().entrySet().stream()
            .filter(e -> e.getValue().isLazy())
            .map(Map.Entry::getKey)
            .collect(Collectors.toSet());
    try {
      return ConnectionRegistry.of(
          definitions,
          lazy,
          settings ->
              EntraConnection.create(
                  settings,
                  withOverrides(options, properties.getConnections().get(settings.name()))));
    } catch (InvalidConnectionException e) {
      // A short message: Spring repeats it at every level of bean nesting;
      // InvalidConnectionFailureAnalyzer
      // reports the problems once.
      throw new IllegalStateException(
          "Entra ID connection(s) not usable: "
              + e.connectionName()
              + "; the start-up failure report lists each problem with its fix",
          e);
    }
  }

  /** A connection's own retry budget, where it sets one, and its expiry check. */
  static ConnectionOptions withOverrides(
      ConnectionOptions options, EntraIdProperties.Connection connection) {
    GraphClientOptions graph = options.graph();
    return options
        .withExpiry(options.expiry().withCheck(connection.getCredentialExpiryCheck()))
        .withGraph(
            new GraphClientOptions(
                connection.getMaxAttempts() != null
                    ? connection.getMaxAttempts()
                    : graph.maxAttempts(),
                connection.getDeadline() != null ? connection.getDeadline() : graph.deadline(),
                graph.initialBackoff(),
                graph.maxBackoff(),
                graph.replicationWindow()));
  }

  /**
   * Each connection's policy ({@code connections.<name>.policy.*}); a bad one stops the
   * application.
   */
  @Bean
  @ConditionalOnMissingBean
  public ConnectionPolicies entraIdConnectionPolicies(
      EntraIdProperties properties, OperationCatalog catalog) {
    Map<String, ConnectionPolicy> policies = new LinkedHashMap<>();
    properties
        .getConnections()
        .forEach((name, connection) -> policies.put(name, connection.getPolicy().toPolicy()));
    return ConnectionPolicies.of(policies, catalog);
  }

  /** The configured triggers ({@code triggers.<name>}); a bad one stops the application. */
  @Bean
  @ConditionalOnMissingBean
  public Triggers entraIdTriggers(EntraIdProperties properties, ConnectionRegistry connections) {
    Map<String, TriggerDefinition.Settings> settings = new LinkedHashMap<>();
    properties.getTriggers().forEach((name, trigger) -> settings.put(name, trigger.toSettings()));
    try {
      EntraIdProperties.ConnectionStore store = properties.getConnectionStore();
      return Triggers.of(
          settings,
          connections.names(),
          EntraIdProcessEnginePlugin.isStoreKeySet(store.getKey(), store.getKeyStore()));
    } catch (InvalidTriggerException e) {
      // a short message, as for connections: InvalidTriggerFailureAnalyzer reports the problems
      throw new IllegalStateException(
          "Entra ID trigger(s) not usable: "
              + e.triggerName()
              + "; the start-up failure report lists each problem with its fix",
          e);
    }
  }

  @Bean(name = EntraIdDelegate.BEAN_NAME)
  @ConditionalOnMissingBean(name = EntraIdDelegate.BEAN_NAME)
  public EntraIdDelegate entraId(
      ConnectionRegistry connections,
      OperationCatalog catalog,
      ConnectionPolicies policies,
      EntraIdProperties properties) {
    return new EntraIdDelegate(
        connections, catalog, policies, properties.uncaughtErrorsByConnection());
  }

  @Bean
  @ConditionalOnMissingBean(name = "entraIdProcessEnginePlugin")
  public EntraIdProcessEnginePlugin entraIdProcessEnginePlugin(
      ConnectionRegistry connections,
      OperationCatalog catalog,
      ConnectionPolicies policies,
      Triggers triggers,
      EntraIdProperties properties,
      ConnectionOptions options,
      @Qualifier(EntraIdDelegate.BEAN_NAME) ObjectProvider<EntraIdDelegate> delegate) {
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    plugin.setTriggerDefinitions(triggers);
    plugin.setTriggerJobLogTimeToLive(properties.getTriggerJobLogTimeToLive().toString());
    plugin.setConnectionOptions(options);
    EntraIdProperties.ConnectionStore store = properties.getConnectionStore();
    plugin.setConnectionStoreKey(store.getKey());
    plugin.setConnectionStoreKeyStore(store.getKeyStore());
    plugin.setConnectionStoreKeyStorePassword(store.getKeyStorePassword());
    plugin.setConnectionStoreKeyAlias(store.getKeyAlias());
    plugin.setConnectionStorePollInterval(store.getPollInterval().toString());
    delegate.ifAvailable(d -> d.setStoredUncaughtErrors(plugin::storedUncaughtErrors));
    plugin.setConnectionRegistry(connections);
    plugin.setOperationCatalog(catalog);
    plugin.setConnectionPolicies(policies);
    plugin.setFailedJobHandling(properties.isFailedJobHandling());
    plugin.setDeploymentPreflight(properties.isDeploymentPreflight());
    plugin.setUncaughtErrorHandling(properties.uncaughtErrorsByConnection());
    return plugin;
  }

  /**
   * The connections REST API under Camunda's REST application ({@code /engine-rest/entraid/...}),
   * when the application serves it (camunda-bpm-spring-boot-starter-rest).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {
        "org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig",
        "org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer"
      })
  static class RestConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "entraIdConnectionsRest")
    org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer entraIdConnectionsRest(
        EntraIdProcessEnginePlugin plugin, ObjectProvider<ProcessEngine> engine) {
      ConnectionsResource.Dependencies dependencies =
          new ConnectionsResource.Dependencies(plugin::getConnectionAdmin, engine::getObject);
      // the class is registered, not an instance: Jersey treats a registered instance as a
      // provider too and warns about it
      return config ->
          config
              .register(
                  new AbstractBinder() {
                    @Override
                    protected void configure() {
                      bind(dependencies).to(ConnectionsResource.Dependencies.class);
                    }
                  })
              .register(ConnectionsResource.class);
    }
  }

  /** The bean's name makes the indicator's name in /actuator/health: {@code entraid}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("entraid")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "entraidHealthIndicator")
    EntraIdHealthIndicator entraidHealthIndicator(
        ConnectionRegistry connections,
        EntraIdProperties properties,
        Triggers triggers,
        GraphReachability graphReachability) {
      return new EntraIdHealthIndicator(
          connections,
          properties.getHealthCacheTtl(),
          Clock.systemUTC(),
          triggers,
          graphReachability);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    MicrometerGraphListener entraIdMetrics(MeterRegistry registry) {
      return new MicrometerGraphListener(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    CredentialExpiryMeters entraIdCredentialExpiryMeters(
        MeterRegistry registry, ConnectionRegistry connections) {
      return new CredentialExpiryMeters(registry, connections);
    }

    @Bean
    @ConditionalOnMissingBean
    SyncProgressMeters entraIdSyncMeters(
        MeterRegistry registry, SyncProgressTracker tracker, ConnectionRegistry connections) {
      return new SyncProgressMeters(registry, tracker, connections);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(Endpoint.class)
  @ConditionalOnAvailableEndpoint(endpoint = SyncProgressEndpoint.class)
  static class SyncEndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    SyncProgressEndpoint entraIdSyncEndpoint(
        SyncProgressTracker tracker, ConnectionRegistry connections, ProcessEngine engine) {
      return new SyncProgressEndpoint(tracker, connections, engine);
    }
  }
}
