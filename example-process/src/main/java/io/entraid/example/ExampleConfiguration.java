package io.entraid.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.camunda.VariableValues;
import io.entraid.connector.camunda.rest.EntraIdRestAuthenticationFilter;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * REST authentication, the candidate groups' authorizations and the settings the processes read.
 */
@Configuration(proxyBeanMethods = false)
class ExampleConfiguration {

  /**
   * HTTP Basic against Camunda's users on the REST API, the Actuator endpoints (health with
   * details, metrics, sync progress) and the demo directory view; no anonymous access. The
   * connections API ({@code /engine-rest/entraid/...}) also admits the webapps' session with its
   * CSRF token, for the Admin page.
   */
  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new EntraIdRestAuthenticationFilter());
    registration.setName("camunda-rest-authentication");
    registration.addInitParameter(
        "authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*", "/actuator/*", "/demo/*");
    return registration;
  }

  /**
   * What the candidate groups of the example processes may do; see {@link ExampleAuthorizations}.
   */
  @Bean
  ProcessEnginePlugin exampleAuthorizations() {
    return new ExampleAuthorizations();
  }

  /**
   * Settings the processes read in expressions: {@code ${exampleProcesses.offboardingRetention}}.
   */
  @Bean
  ExampleProcesses exampleProcesses(
      @Value("${example.offboarding.retention:P30D}") String offboardingRetention,
      @Value("${example.sync.cron:0 0 2 * * ?}") String syncCron) {
    return new ExampleProcesses(offboardingRetention, syncCron);
  }

  public record ExampleProcesses(String offboardingRetention, String syncCron) {
    static final String GROUPS_NOT_ADDED = "groupsNotAdded";
    static final String OFFBOARDING = "entra-offboarding";

    /** How long after an offboarding ended a disabled account counts as disabled by it. */
    static final Duration OFFBOARDED_RECENTLY = Duration.ofDays(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Notes the old and new value of a property a directory trigger reported changed (the JSON
     * variable {@code changes}: {@code {"department":{"old":"Sales","new":"Finance"}}}) as the
     * variables {@code old<Property>} and {@code new<Property>} (null when absent), e.g. {@code
     * oldDepartment} and {@code newDepartment}.
     */
    public void noteChange(DelegateExecution execution, String property) {
      Object changes = execution.getVariable("changes");
      JsonNode change;
      try {
        change = changes == null ? null : JSON.readTree(changes.toString()).get(property);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "The variable 'changes' is not the JSON a directory trigger sets: "
                + e.getOriginalMessage(),
            e);
      }
      String name = Character.toUpperCase(property.charAt(0)) + property.substring(1);
      execution.setVariable("old" + name, text(change, "old"));
      execution.setVariable("new" + name, text(change, "new"));
    }

    private static String text(JsonNode change, String which) {
      JsonNode value = change == null ? null : change.get(which);
      return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * Whether an offboarding of the user ({@code userPrincipalName}) is running or ended within a
     * day: then the account was disabled by this app's own offboarding, and a leaver process
     * started by the trigger must not offboard it a second time.
     */
    public boolean offboardingUnderway(DelegateExecution execution) {
      Object upn = execution.getVariable("userPrincipalName");
      if (upn == null) return false;
      var services = execution.getProcessEngineServices();
      long running =
          services
              .getRuntimeService()
              .createProcessInstanceQuery()
              .processDefinitionKey(OFFBOARDING)
              .variableValueEquals("userPrincipalName", upn.toString())
              .count();
      if (running > 0) return true;
      return services
              .getHistoryService()
              .createHistoricProcessInstanceQuery()
              .processDefinitionKey(OFFBOARDING)
              .variableValueEquals("userPrincipalName", upn.toString())
              .finishedAfter(Date.from(java.time.Instant.now().minus(OFFBOARDED_RECENTLY)))
              .count()
          > 0;
    }

    /**
     * A process variable holding a list (a list, a JSON variable, JSON-array text or
     * comma-separated text) read as the connector's tasks read it.
     */
    public List<String> list(Object value) {
      return VariableValues.list(value);
    }

    /**
     * Notes a group the onboarding could not add the user to (name and Entra ID's reason) in the
     * process variable {@code groupsNotAdded}, so the other groups are still added and the fix task
     * lists what is missing.
     */
    public void noteGroupNotAdded(DelegateExecution execution, String group, String reason) {
      String line =
          group + " (" + (reason.length() > 300 ? reason.substring(0, 297) + "..." : reason) + ")";
      Object before = execution.getVariable(GROUPS_NOT_ADDED);
      execution
          .getProcessInstance()
          .setVariable(GROUPS_NOT_ADDED, before == null ? line : before + "; " + line);
    }

    /** The requested groups the user is not a member of, as the fix task shows them. */
    public String missingGroups(Object requested, Object matched) {
      List<String> have = list(matched).stream().map(g -> g.toLowerCase(Locale.ROOT)).toList();
      return String.join(
          ", ",
          list(requested).stream()
              .filter(g -> !have.contains(g.toLowerCase(Locale.ROOT)))
              .toList());
    }

    /**
     * What the fix task shows when the membership check itself was refused (e.g. a group that does
     * not exist).
     */
    public String groupsMissingAfter(DelegateExecution execution, String checkError) {
      Object notAdded = execution.getVariable(GROUPS_NOT_ADDED);
      return notAdded != null ? notAdded.toString() : "The membership check failed: " + checkError;
    }
  }
}
