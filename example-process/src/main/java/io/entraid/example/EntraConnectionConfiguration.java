package io.entraid.example;

import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.ConnectionTestResult;
import io.entraid.connector.core.connection.ConnectionTester;
import io.entraid.emulator.EntraEmulator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.lang.Nullable;

/**
 * The connection {@code default}: the tenant named by ENTRA_TENANT_ID, ENTRA_CLIENT_ID and
 * ENTRA_CLIENT_SECRET, or, when those are not set, an Entra emulator started in-process with a
 * seeded demo directory. (Until the Camunda starter lands, the example wires this itself.)
 */
@Configuration(proxyBeanMethods = false)
class EntraConnectionConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(EntraConnectionConfiguration.class);

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("'${entra.tenant-id:}'.isEmpty()")
  EntraEmulator entraEmulator() {
    return EntraEmulator.builder().users(300).groups(40).seed(42L).start();
  }

  @Bean
  ConnectionRegistry entraConnections(@Nullable EntraEmulator emulator,
      @Value("${entra.tenant-id:}") String tenantId,
      @Value("${entra.client-id:}") String clientId,
      @Value("${entra.client-secret:}") String clientSecret) {
    if (emulator == null) {
      ConnectionDefinition tenant = new ConnectionDefinition(ConnectionRegistry.DEFAULT_NAME, "EntraID",
          Map.of("TenantID", tenantId, "ClientID", clientId, "ClientSecret", clientSecret));
      return ConnectionRegistry.of(List.of(tenant), ConnectionOptions.DEFAULTS);
    }
    ConnectionDefinition embedded = new ConnectionDefinition(ConnectionRegistry.DEFAULT_NAME, "EntraID", Map.of(
        "TenantID", emulator.tenantId(), "ClientID", emulator.clientId(), "ClientSecret", emulator.clientSecret(),
        "AuthorityHost", emulator.authorityHost(), "GraphEndpoint", emulator.graphEndpoint()));
    return ConnectionRegistry.of(List.of(embedded), ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
  }

  @Bean
  ApplicationRunner announceMode(ConnectionRegistry connections, @Nullable EntraEmulator emulator, ServerProperties server) {
    return args -> {
      String mode = emulator == null
          ? "real-tenant mode (ENTRA_TENANT_ID is set)"
          : "demo mode: embedded Entra emulator at " + emulator.authorityHost() + " (set ENTRA_TENANT_ID, ENTRA_CLIENT_ID and ENTRA_CLIENT_SECRET to use a real tenant)";
      LOG.info("Entra ID example running in {}", mode);
      for (var connection : connections.all()) {
        ConnectionTestResult result = ConnectionTester.test(connection);
        if (result.ok()) LOG.info(result.message()); else LOG.warn(result.message());
      }
      LOG.info("Log in at http://{}:{}/camunda/app/ as demo / demo",
          server.getAddress() == null ? "localhost" : server.getAddress().getHostAddress(), server.getPort());
    };
  }
}
