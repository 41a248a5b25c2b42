package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.spring.boot.starter.util.SpringBootStarterPropertyHelper;
import org.junit.jupiter.api.Test;

/**
 * Camunda Run configures plugins from YAML ({@code
 * camunda.bpm.run.process-engine-plugins[].plugin-parameters}) through
 * SpringBootStarterPropertyHelper.applyProperties; Run itself is not on Maven Central, so this
 * tests that binding directly, with the keys a Run user writes.
 */
class RunYamlBindingTest {

  @Test
  void pluginParametersFromRunYamlBind() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47");
    parameters.put("clientId", "0b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d");
    parameters.put("clientSecret", "Abc8Q~k3lMnOpQrStUvWxYz0123456789._-ABCD");
    parameters.put("cloud", "USGov");
    parameters.put("deploymentPreflight", "true");
    parameters.put(
        "policies",
        Map.of("default", Map.of("processes", "entra-*", "graph-requests", "GET users/*")));
    parameters.put("syncMaxConcurrentRuns", "3");
    parameters.put("syncLeaseDuration", "PT2M");
    parameters.put("syncNodeName", "node-b");
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    SpringBootStarterPropertyHelper.applyProperties(plugin, parameters, false);
    assertThat(plugin.definitions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.name()).isEqualTo("default");
              assertThat(d.parameters())
                  .containsEntry("TenantID", "72f988bf-86f1-41af-91ab-2d7cd011db47")
                  .containsEntry("Cloud", "USGov")
                  .containsKey("ClientSecret");
            });
    assertThat(plugin.toString()).doesNotContain("Abc8Q");
    assertThat(plugin.policies().get("default").processes()).containsExactly("entra-*");
    assertThat(plugin.policies().get("default").allows("graphRequest")).isTrue();
    assertThat(plugin.syncSettings())
        .satisfies(
            sync -> {
              assertThat(sync.maxConcurrentRuns()).isEqualTo(3);
              assertThat(sync.leaseDuration()).isEqualTo(java.time.Duration.ofMinutes(2));
              assertThat(sync.nodeName()).isEqualTo("node-b");
            });
  }

  @Test
  void aSyncLeaseDurationThatIsNoDurationFailsWithTheFix() {
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    assertThatThrownBy(() -> plugin.setSyncLeaseDuration("5 minutes"))
        .hasMessageContaining("syncLeaseDuration '5 minutes' is not an ISO-8601 duration", "PT5M");
  }

  @Test
  void anUnknownParameterFailsStartUp() {
    EntraIdProcessEnginePlugin plugin = new EntraIdProcessEnginePlugin();
    assertThatThrownBy(
            () ->
                SpringBootStarterPropertyHelper.applyProperties(
                    plugin, Map.of("tenant", "x"), false))
        .hasMessageContaining("Failed to bind properties", "EntraIdProcessEnginePlugin");
  }
}
