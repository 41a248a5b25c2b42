package io.entraid.connector.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.token.Diagnosis;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.EntraEmulator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectionTesterTest {
  static EntraEmulator emulator;

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().start();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static ConnectionTestResult test(String clientId, String secret) {
    ConnectionDefinition definition =
        new ConnectionDefinition(
            "hr",
            "EntraID",
            Map.of(
                "TenantID",
                emulator.tenantDomain(),
                "ClientID",
                clientId,
                "ClientSecret",
                secret,
                "AuthorityHost",
                emulator.authorityHost(),
                "GraphEndpoint",
                emulator.graphEndpoint()));
    EntraConnection connection =
        EntraConnection.create(
            EntraIdConnectionType.validate(definition),
            ConnectionOptions.DEFAULTS.withSslContext(emulator.sslContext()));
    return ConnectionTester.test(connection);
  }

  @Test
  void reportsTheGrantedApplicationPermissions() {
    AppRegistration app =
        emulator.registerApp("reader", Set.of("User.Read.All", "GroupMember.Read.All"));
    ConnectionTestResult result = test(app.clientId(), app.secret().value());
    assertThat(result.ok()).isTrue();
    assertThat(result.diagnosis()).isNull();
    assertThat(result.grantedPermissions())
        .containsExactly("GroupMember.Read.All", "User.Read.All");
    assertThat(result.delegatedOnlySuspected()).isFalse();
    assertThat(result.tokenExpiresAt()).isNotNull();
    assertThat(result.message())
        .isEqualTo(
            "Connection 'hr' works: token acquired with application permissions GroupMember.Read.All, User.Read.All.");
  }

  @Test
  void tokenWithoutRolesMeansDelegatedPermissionsOrNoAdminConsent() {
    AppRegistration app = emulator.registerApp("no-consent", Set.of("User.Read.All"));
    app.adminConsent(false);
    ConnectionTestResult result = test(app.clientId(), app.secret().value());
    assertThat(result.ok()).isFalse();
    assertThat(result.diagnosis()).isEqualTo(Diagnosis.NO_APPLICATION_PERMISSIONS);
    assertThat(result.delegatedOnlySuspected()).isTrue();
    assertThat(result.grantedPermissions()).isEmpty();
    assertThat(result.message())
        .contains(
            "a token was acquired", "type Application (not Delegated)", "Grant admin consent");
  }

  @Test
  void failedTokenCarriesTheDiagnosis() {
    ConnectionTestResult result = test(emulator.clientId(), "not~the~right~secret.value");
    assertThat(result.ok()).isFalse();
    assertThat(result.diagnosis()).isEqualTo(Diagnosis.WRONG_SECRET);
    assertThat(result.grantedPermissions()).isEmpty();
    assertThat(result.tokenExpiresAt()).isNull();
    assertThat(result.message()).contains("AADSTS7000215", "not its Secret ID");
  }
}
