package io.entraid.example;

import io.entraid.connector.camunda.spring.EntraIdAutoConfiguration;
import io.entraid.emulator.EntraEmulator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Demo mode: when no tenant is configured ({@code ENTRA_TENANT_ID} unset or empty), starts the Entra
 * emulator in-process with a seeded directory before the connector's auto-configuration binds, and
 * points the connection {@code default} at it. The emulator's secret stays in this property source
 * and is never logged; its certificate is trusted through the {@code entraIdSslContext} bean only, so
 * the JVM's trust store is left alone. The emulator is closed with the context.
 */
public class DemoEmulatorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  /** {@code demo} or {@code tenant}; beans that only make sense with the emulator depend on it. */
  public static final String MODE_PROPERTY = "example.mode";
  public static final String EMULATOR_BEAN = "entraDemoEmulator";
  static final String CONNECTION = "camunda.bpm.plugin.entraid.connections.default.parameters.";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    Map<String, Object> properties = new LinkedHashMap<>();
    if (!env.getProperty("ENTRA_TENANT_ID", "").isBlank()) {
      properties.put(MODE_PROPERTY, "tenant");
    } else {
      EntraEmulator emulator = EntraEmulator.builder()
          .users(env.getProperty("example.demo.users", Integer.class, 300))
          .groups(env.getProperty("example.demo.groups", Integer.class, 40))
          .seed(env.getProperty("example.demo.seed", Long.class, 42L))
          .start();
      // Entra ID's eventual consistency, to see the connector cope (e.g. 3000 ms); 0 by default.
      emulator.faults().replicationLag(env.getProperty("example.demo.replication-lag-ms", Integer.class, 0));
      properties.put(MODE_PROPERTY, "demo");
      properties.put(CONNECTION + "TenantID", emulator.tenantId());
      properties.put(CONNECTION + "ClientID", emulator.clientId());
      properties.put(CONNECTION + "ClientSecret", emulator.clientSecret());
      properties.put(CONNECTION + "AuthorityHost", emulator.authorityHost());
      properties.put(CONNECTION + "GraphEndpoint", emulator.graphEndpoint());
      // Registered as ready instances, so they are closed even when the context fails to start.
      DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
      beans.registerSingleton(EMULATOR_BEAN, emulator);
      beans.registerDisposableBean(EMULATOR_BEAN, emulator::close);
      beans.registerSingleton(EntraIdAutoConfiguration.SSL_CONTEXT_BEAN, emulator.sslContext());
    }
    env.getPropertySources().addFirst(new MapPropertySource("entraExampleMode", properties));
  }
}
