package io.entraid.connector.camunda.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.camunda.EntraIdDelegate;
import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.UncaughtErrors;
import io.entraid.connector.camunda.sync.CamundaSyncTargets;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.InvalidConnectionException;
import io.entraid.connector.core.operation.ConnectionPolicies;
import io.entraid.connector.core.operation.ConnectionPolicy;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.emulator.EntraEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configuration on its own: binding, start-up validation, overrides, health and metrics.
 */
class EntraIdAutoConfigurationTest {
  static EntraEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(3).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static String[] connection(String name, String secret) {
    String p = EntraIdProperties.PREFIX + ".connections." + name + ".parameters.";
    return new String[] {
      p + "TenantID=" + emulator.tenantId(),
      p + "ClientID=" + emulator.clientId(),
      p + "ClientSecret=" + secret,
      p + "AuthorityHost=" + emulator.authorityHost(),
      p + "GraphEndpoint=" + emulator.graphEndpoint()
    };
  }

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EntraIdAutoConfiguration.class))
        .withBean(
            EntraIdAutoConfiguration.SSL_CONTEXT_BEAN, SSLContext.class, emulator::sslContext);
  }

  @Test
  void uncaughtErrorsBindGloballyAndPerConnectionBesideTheParameters() {
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(connection("lenient", emulator.clientSecret()))
        .withPropertyValues(EntraIdProperties.PREFIX + ".connections.lenient.uncaught-errors=end")
        .run(
            context -> {
              UncaughtErrors modes =
                  context.getBean(EntraIdProperties.class).uncaughtErrorsByConnection();
              assertThat(modes.modeFor("default")).isEqualTo(UncaughtErrors.Mode.INCIDENT);
              assertThat(modes.modeFor("lenient")).isEqualTo(UncaughtErrors.Mode.END);
            });
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(EntraIdProperties.PREFIX + ".uncaught-errors=END")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(EntraIdProperties.class)
                            .uncaughtErrorsByConnection()
                            .modeFor("default"))
                    .isEqualTo(UncaughtErrors.Mode.END));
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(EntraIdProperties.PREFIX + ".uncaught-errors=ignore")
        .run(
            context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ignore"));
  }

  @Test
  void bindsConnectionsAndRegistersTheDelegateAndPlugin() {
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(EntraIdProperties.PREFIX + ".http.max-attempts=3")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ConnectionRegistry.class).names())
                  .containsExactly("default");
              assertThat(
                      context
                          .getBean(ConnectionRegistry.class)
                          .get("default")
                          .settings()
                          .tenantId())
                  .isEqualTo(emulator.tenantId());
              assertThat(context.getBean(ConnectionOptions.class).graph().maxAttempts())
                  .isEqualTo(3);
              assertThat(context.getBean(ConnectionOptions.class).sslContext())
                  .isSameAs(emulator.sslContext());
              assertThat(context)
                  .hasBean(EntraIdDelegate.BEAN_NAME)
                  .hasSingleBean(EntraIdProcessEnginePlugin.class);
              assertThat(context.getBean(EntraIdProcessEnginePlugin.class).getConnectionRegistry())
                  .isSameAs(context.getBean(ConnectionRegistry.class));
            });
  }

  @Test
  void bindsEachConnectionsPolicyAndRefusesABadOne() {
    String policy = EntraIdProperties.PREFIX + ".connections.default.policy.";
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(
            policy + "processes=entra-*,hr-*", policy + "graph-requests[0]=GET users/*/memberOf")
        .run(
            context -> {
              ConnectionPolicy bound = context.getBean(ConnectionPolicies.class).get("default");
              assertThat(bound.processes()).containsExactly("entra-*", "hr-*");
              assertThat(bound.allows("graphRequest")).isTrue();
              assertThat(bound.graphPermissions()).containsExactly("User.Read.All");
              assertThat(context.getBean(ConnectionPolicies.class).get("other"))
                  .isEqualTo(ConnectionPolicy.DEFAULT);
            });
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(policy + "operations=getUser,deleteUsr")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "Connection 'default', policy setting operations: 'deleteUsr' is not an operation."
                            + " Did you mean deleteUser?"));
  }

  @Test
  void aConnectionCanHaveItsOwnRetryBudget() {
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(connection("sync", emulator.clientSecret()))
        .withPropertyValues(
            EntraIdProperties.PREFIX + ".connections.sync.max-attempts=10",
            EntraIdProperties.PREFIX + ".connections.sync.deadline=15m",
            EntraIdProperties.PREFIX + ".http.initial-backoff=5ms",
            EntraIdProperties.PREFIX + ".http.max-backoff=10ms")
        .run(
            context -> {
              ConnectionRegistry registry = context.getBean(ConnectionRegistry.class);
              String user = emulator.directory().users().get(0).id();
              emulator.faults().failNext(9, 503, "/v1.0/users");
              try {
                // nine 503s in a row: the default budget (6 attempts) gives up, the sync
                // connection's (10) gets through
                context
                    .getBean(OperationCatalog.class)
                    .execute(registry.get("sync"), "getUser", Map.of("user", user));
              } finally {
                emulator.faults().reset();
              }
              assertThat(
                      emulator.requests().stream()
                          .filter(r -> r.path().startsWith("/v1.0/users/") && r.status() == 503))
                  .hasSize(9);
            });
  }

  @Test
  void syncSettingsBindAndABadBoundStopsStartUpNamingTheSetting() {
    String sync = EntraIdProperties.PREFIX + ".sync.";
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(
            sync + "max-concurrent-runs=3", sync + "lease-duration=2m", sync + "node-name=node-b")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              CamundaSyncTargets targets = context.getBean(CamundaSyncTargets.class);
              assertThat(targets.limit().maxConcurrentRuns()).isEqualTo(3);
              assertThat(targets.settings().leaseDuration())
                  .isEqualTo(java.time.Duration.ofMinutes(2));
              assertThat(targets.settings().nodeName()).isEqualTo("node-b");
            });
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(sync + "max-concurrent-runs=0")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "sync max-concurrent-runs must be at least 1, was 0", "fix:"));
  }

  @Test
  void aMisconfiguredConnectionStopsStartUpWithTheDiagnosis() {
    runner()
        .withPropertyValues(connection("default", "9f8e7d6c-5b4a-4321-8fed-cba987654321"))
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable root = context.getStartupFailure();
              while (root.getCause() != null && !(root instanceof InvalidConnectionException))
                root = root.getCause();
              assertThat(root)
                  .isInstanceOf(InvalidConnectionException.class)
                  .hasMessageContaining(
                      "Connection 'default' is not usable", "Secret ID, not its Value");
            });
  }

  @Test
  void aLazyConnectionDoesNotStopStartUp() {
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(
            EntraIdProperties.PREFIX + ".connections.spare.parameters.TenantID=common",
            EntraIdProperties.PREFIX + ".connections.spare.lazy=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ConnectionRegistry.class).names())
                  .containsExactly("default", "spare");
            });
  }

  @Test
  void userBeansWin() {
    OperationCatalog mine = new OperationCatalog(List.of());
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withBean(OperationCatalog.class, () -> mine)
        .run(context -> assertThat(context.getBean(OperationCatalog.class)).isSameAs(mine));
  }

  @Test
  void disabledMeansNoBeans() {
    runner()
        .withPropertyValues(EntraIdProperties.PREFIX + ".enabled=false")
        .run(
            context ->
                assertThat(context)
                    .doesNotHaveBean(ConnectionRegistry.class)
                    .doesNotHaveBean(EntraIdDelegate.BEAN_NAME));
  }

  @Test
  void healthIsUpForAWorkingConnectionAndCachesTheTest() {
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .run(
            context -> {
              EntraIdHealthIndicator health = context.getBean(EntraIdHealthIndicator.class);
              int before = emulator.tokenRequestCount(emulator.clientId());
              Health first = health.health();
              for (int i = 0; i < 20; i++) health.health();
              assertThat(first.getStatus()).isEqualTo(Status.UP);
              assertThat(emulator.tokenRequestCount(emulator.clientId()) - before).isEqualTo(1);
            });
  }

  @Test
  void healthIsDownWithTheDiagnosisAndNoSecret() throws Exception {
    String wrong = "a~wrong~secret~value~that~must~not~leak";
    runner()
        .withPropertyValues(connection("default", wrong))
        .withPropertyValues(EntraIdProperties.PREFIX + ".health-cache-ttl=0s")
        .run(
            context -> {
              Health health = context.getBean(EntraIdHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              String json = new ObjectMapper().writeValueAsString(health.getDetails());
              assertThat(json).contains("WRONG_SECRET", "AADSTS7000215").doesNotContain(wrong);
            });
  }

  @Test
  void metricsCountGraphRequestsAndTokens() {
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              var connection = context.getBean(ConnectionRegistry.class).get("default");
              String user = emulator.directory().users().get(0).id();
              context
                  .getBean(OperationCatalog.class)
                  .execute(connection, "getUser", Map.of("user", user));
              MeterRegistry meters = context.getBean(MeterRegistry.class);
              assertThat(
                      meters
                          .get("entraid.graph.requests")
                          .tag("operation", "getUser")
                          .tag("status", "200")
                          .counter()
                          .count())
                  .isEqualTo(1.0);
              assertThat(
                      meters
                          .get("entraid.token.acquisitions")
                          .tag("connection", "default")
                          .counter()
                          .count())
                  .isEqualTo(1.0);
            });
  }

  @Test
  void healthReportsEveryConnection() {
    runner()
        .withPropertyValues(connection("default", emulator.clientSecret()))
        .withPropertyValues(connection("hr", emulator.clientSecret()))
        .withPropertyValues(EntraIdProperties.PREFIX + ".health-cache-ttl=" + Duration.ofMinutes(5))
        .run(
            context ->
                assertThat(
                        context
                            .getBean(EntraIdHealthIndicator.class)
                            .health()
                            .getDetails()
                            .get("connections"))
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("default", "hr"));
  }
}
