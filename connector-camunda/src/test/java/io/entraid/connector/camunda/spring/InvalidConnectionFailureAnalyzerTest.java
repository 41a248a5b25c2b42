package io.entraid.connector.camunda.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Invalid connections at start-up become one APPLICATION FAILED TO START report, each problem once.
 */
class InvalidConnectionFailureAnalyzerTest {
  static final String P = EntraIdProperties.PREFIX + ".connections.";

  @Test
  void everyProblemOfEveryConnectionOnceWithItsFixUnderAction() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(EntraIdAutoConfiguration.class))
        .withPropertyValues(
            P + "default.parameters.TenantID=nonsense",
            P + "default.parameters.ClientID=abc",
            P + "hr.parameters.TenantID=contoso.onmicrosoft.com",
            P + "hr.parameters.ClientID=11111111-2222-3333-4444-555555555555",
            P + "hr.parameters.ClientSecret=11111111-2222-3333-4444-555555555555")
        .run(
            context -> {
              assertThat(context).hasFailed();
              // the bean creation failure itself stays short: Spring repeats it at every level of
              // nesting
              assertThat(context.getStartupFailure().getMessage()).doesNotContain("nonsense");
              FailureAnalysis analysis =
                  new InvalidConnectionFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              String description = analysis.getDescription();
              assertThat(description)
                  .contains(
                      "Entra ID connection 'default' (camunda.bpm.plugin.entraid.connections.default)",
                      "Entra ID connection 'hr'",
                      "TenantID: 'nonsense' is neither a GUID nor a domain name",
                      "No credential is set.");
              assertThat(description).doesNotContain("Fix:");
              assertThat(count(description, "'nonsense'")).isEqualTo(1);
              assertThat(analysis.getAction())
                  .contains(
                      "Connection 'default', TenantID: use the Directory (tenant) ID",
                      "Connection 'default', ClientSecret: set exactly one of ClientSecret,"
                          + " ClientSecretFile, ClientCertificate, ClientAssertionFile,"
                          + " ManagedIdentity",
                      "Connection 'hr', ClientSecret:");
            });
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
