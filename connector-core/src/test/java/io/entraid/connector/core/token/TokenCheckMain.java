package io.entraid.connector.core.token;

import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.ConnectionTestResult;
import io.entraid.connector.core.connection.ConnectionTester;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Child-JVM entry point of {@link JvmTrustStoreTest}: prints the connection test's message (its
 * contract).
 */
public final class TokenCheckMain {
  public static void main(String[] args) throws Exception {
    String secret = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    ConnectionDefinition definition =
        new ConnectionDefinition(
            "jvm-trust",
            "EntraID",
            Map.of(
                "TenantID",
                args[0],
                "ClientID",
                args[1],
                "ClientSecret",
                secret,
                "AuthorityHost",
                args[2],
                "GraphEndpoint",
                args[3]));
    ConnectionTestResult result =
        ConnectionTester.test(
            EntraConnection.create(
                EntraIdConnectionType.validate(definition), ConnectionOptions.DEFAULTS));
    System.out.println(result.message());
    System.exit(result.ok() ? 0 : 1);
  }
}
