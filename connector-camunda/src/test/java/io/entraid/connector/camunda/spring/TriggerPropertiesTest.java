package io.entraid.connector.camunda.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.camunda.trigger.Triggers;
import io.entraid.connector.core.trigger.EventKind;
import io.entraid.connector.core.trigger.TriggerDefinition;
import io.entraid.emulator.EntraEmulator;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Triggers from Spring properties: binding, and a bad one stopping the start with its fix. */
class TriggerPropertiesTest {
  static EntraEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(3).start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EntraIdAutoConfiguration.class))
        .withBean(EntraIdAutoConfiguration.SSL_CONTEXT_BEAN, SSLContext.class, emulator::sslContext)
        .withPropertyValues(connection());
  }

  static final String T = EntraIdProperties.PREFIX + ".triggers.";

  static String[] connection() {
    String p = EntraIdProperties.PREFIX + ".connections.default.parameters.";
    return new String[] {
      p + "TenantID=" + emulator.tenantId(),
      p + "ClientID=" + emulator.clientId(),
      p + "ClientSecret=" + emulator.clientSecret(),
      p + "AuthorityHost=" + emulator.authorityHost(),
      p + "GraphEndpoint=" + emulator.graphEndpoint()
    };
  }

  @Test
  void aTriggerBindsFromPropertiesWithListsFiltersAndASpringDuration() {
    runner()
        .withPropertyValues(
            T + "hr.events=userCreated,userUpdated,groupMemberAdded",
            T + "hr.watch[0]=department",
            T + "hr.watch[1]=jobTitle",
            T + "hr.filter.department=Sales",
            T + "hr.filter.group-prefix=Priv-",
            T + "hr.poll-interval=30s")
        .run(
            context -> {
              TriggerDefinition hr = context.getBean(Triggers.class).get("hr").orElseThrow();
              assertThat(hr.connection()).isEqualTo("default");
              assertThat(hr.events())
                  .containsExactlyInAnyOrder(
                      EventKind.USER_CREATED, EventKind.USER_UPDATED, EventKind.GROUP_MEMBER_ADDED);
              assertThat(hr.watch()).containsExactly("department", "jobTitle");
              assertThat(hr.filter().userProperties()).containsEntry("department", Set.of("Sales"));
              assertThat(hr.filter().groupPrefix()).isEqualTo("Priv-");
              assertThat(hr.pollInterval()).isEqualTo(Duration.ofSeconds(30));
            });
  }

  @Test
  void aBadTriggerStopsTheStartWithEachProblemAndItsFix() {
    runner()
        .withPropertyValues(
            T + "leaver.connection=hr",
            T + "leaver.events=userDisabld",
            T + "leaver.poll-interval=often")
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  new InvalidTriggerFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .startsWith("Entra ID trigger(s) 'leaver' (camunda.bpm.plugin.entraid.triggers)")
                  .contains("connection: no connection is named 'hr'.")
                  .contains("events: 'userDisabld' is not an event kind.")
                  .contains("poll-interval: 'often' is not a duration.");
              assertThat(analysis.getAction())
                  .contains("did you mean 'userDisabled'?")
                  .contains("write it as ISO-8601 (PT1M, PT30S) or as 30s, 5m, 1h");
            });
  }
}
