package io.entraid.example;

import io.entraid.connector.camunda.spring.EntraIdAutoConfiguration;
import io.entraid.emulator.EntraEmulator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the mode before anything else is set up. When no parameter of the connection {@code
 * default} is given ({@code ENTRA_TENANT_ID}, {@code ENTRA_CLIENT_ID}, {@code ENTRA_CLIENT_SECRET}
 * unset or empty, no such property), demo mode: starts the Entra emulator in-process with a seeded
 * directory, points the connection {@code default} at it and creates the local admin {@code
 * demo}/{@code demo}. Otherwise real-tenant mode: the parameters are used as given (incomplete ones
 * stop the start with their diagnosis, instead of the emulator's values silently replacing them),
 * the first admin's login is required ({@code ADMIN_USER} and {@code ADMIN_PASSWORD}, or {@code
 * camunda.bpm.admin-user.id}/{@code .password}), no emulator is started and no {@code demo} user
 * exists. The emulator's secret stays in this property source and is never logged; its certificate
 * is trusted through the {@code entraIdSslContext} bean only, so the JVM's trust store is left
 * alone. The emulator is closed with the context.
 */
public class DemoEmulatorInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  /** {@code demo} or {@code tenant}; beans that only make sense with the emulator depend on it. */
  public static final String MODE_PROPERTY = "example.mode";

  public static final String EMULATOR_BEAN = "entraDemoEmulator";
  static final String PARAMETERS = "camunda.bpm.plugin.entraid.connections.default.parameters";
  static final String CONNECTION = PARAMETERS + ".";
  static final String ADMIN = "camunda.bpm.admin-user.";
  static final String STORE_KEY = "camunda.bpm.plugin.entraid.connection-store.key";
  static final String STORE_KEY_STORE = "camunda.bpm.plugin.entraid.connection-store.key-store";
  static final String TRIGGER_POLL_INTERVAL = "example.triggers.poll-interval";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    Map<String, Object> properties = new LinkedHashMap<>();
    if (parametersGiven(env)) {
      tenantMode(env, properties);
    } else {
      EntraEmulator emulator =
          EntraEmulator.builder()
              .users(env.getProperty("example.demo.users", Integer.class, 300))
              .groups(env.getProperty("example.demo.groups", Integer.class, 40))
              .seed(env.getProperty("example.demo.seed", Long.class, 42L))
              .start();
      // Entra ID's eventual consistency, to see the connector cope (e.g. 3000 ms); 0 by default.
      emulator
          .faults()
          .replicationLag(env.getProperty("example.demo.replication-lag-ms", Integer.class, 0));
      properties.put(MODE_PROPERTY, "demo");
      // The directory triggers poll the emulator every 10 s, so a change shows in Cockpit soon.
      if (!env.containsProperty(TRIGGER_POLL_INTERVAL)) {
        properties.put(TRIGGER_POLL_INTERVAL, "PT10S");
      }
      properties.put(CONNECTION + "TenantID", emulator.tenantId());
      properties.put(CONNECTION + "ClientID", emulator.clientId());
      properties.put(CONNECTION + "ClientSecret", emulator.clientSecret());
      properties.put(CONNECTION + "AuthorityHost", emulator.authorityHost());
      properties.put(CONNECTION + "GraphEndpoint", emulator.graphEndpoint());
      if (env.getProperty(STORE_KEY, "").isBlank()
          && env.getProperty(STORE_KEY_STORE, "").isBlank()) {
        // Demo mode keeps everything in memory: a key for this run only enables the connection
        // store. A cluster (the postgres profile) needs one key on every node:
        // ENTRAID_CONNECTION_STORE_KEY.
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        properties.put(STORE_KEY, Base64.getEncoder().encodeToString(key));
      }
      properties.put(ADMIN + "id", "demo");
      properties.put(ADMIN + "password", "demo");
      properties.put(ADMIN + "first-name", "Demo");
      properties.put(ADMIN + "last-name", "User");
      // Registered as ready instances, so they are closed even when the context fails to start.
      DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
      beans.registerSingleton(EMULATOR_BEAN, emulator);
      beans.registerDisposableBean(EMULATOR_BEAN, emulator::close);
      beans.registerSingleton(EntraIdAutoConfiguration.SSL_CONTEXT_BEAN, emulator.sslContext());
    }
    env.getPropertySources().addFirst(new MapPropertySource("entraExampleMode", properties));
  }

  /**
   * Whether any parameter of the connection {@code default} is given (ENTRA_* variables through
   * application.yaml, or --camunda.bpm.plugin.entraid.connections.default.parameters.* in any
   * form).
   */
  static boolean parametersGiven(ConfigurableEnvironment env) {
    return Binder.get(env)
        .bind(PARAMETERS, Bindable.mapOf(String.class, String.class))
        .orElse(Map.of())
        .values()
        .stream()
        .anyMatch(value -> value != null && !value.isBlank());
  }

  /** Real-tenant mode needs the first admin; without one it refuses to start. */
  private static void tenantMode(ConfigurableEnvironment env, Map<String, Object> properties) {
    List<String> missing = new ArrayList<>();
    String adminId = env.getProperty("ADMIN_USER", env.getProperty(ADMIN + "id", ""));
    String adminPassword =
        env.getProperty("ADMIN_PASSWORD", env.getProperty(ADMIN + "password", ""));
    if (adminId.isBlank()) missing.add("ADMIN_USER");
    if (adminPassword.isBlank()) missing.add("ADMIN_PASSWORD");
    if (!missing.isEmpty()) {
      throw new StartupRefused(
          "Real-tenant mode (Entra ID connection parameters are given, e.g. ENTRA_TENANT_ID) needs"
              + " the first administrator's login, ADMIN_USER and ADMIN_PASSWORD; missing: "
              + String.join(", ", missing)
              + ". There is no default login outside demo mode.",
          "Set "
              + String.join(" and ", missing)
              + " (the admin may also be given as camunda.bpm.admin-user.id and"
              + " camunda.bpm.admin-user.password), or give no connection parameters (no ENTRA_* variables) to run the"
              + " demo on its embedded emulator.");
    }
    if (adminId.equals(adminPassword)) {
      throw new StartupRefused(
          "The administrator's password equals the user name '" + adminId + "'.",
          "Set ADMIN_PASSWORD to a password of its own, from your secret store.");
    }
    properties.put(MODE_PROPERTY, "tenant");
    properties.put(ADMIN + "id", adminId);
    properties.put(ADMIN + "password", adminPassword);
  }
}
