package io.entraid.connector.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.token.AccessToken;
import io.entraid.connector.core.token.TokenProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionRegistryTest {
  /** Registry tests are about names and validation, not tokens. */
  static final TokenProvider NO_TOKENS =
      new TokenProvider() {
        @Override
        public AccessToken token() {
          throw new AssertionError("not used");
        }

        @Override
        public AccessToken refresh(AccessToken rejected) {
          throw new AssertionError("not used");
        }
      };

  static ConnectionRegistry registry(ConnectionDefinition... definitions) {
    return ConnectionRegistry.of(
        List.of(definitions), s -> new EntraConnection(s, NO_TOKENS, null));
  }

  static ConnectionDefinition definition(String name) {
    return new ConnectionDefinition(name, "EntraID", EntraIdConnectionTypeTest.valid());
  }

  @Test
  void findsConnectionsByNameAndDefaultsToDefault() {
    ConnectionRegistry registry = registry(definition("default"), definition("hr"));
    assertThat(registry.get("hr").name()).isEqualTo("hr");
    assertThat(registry.get(null).name()).isEqualTo("default");
    assertThat(registry.get(" ").name()).isEqualTo("default");
    assertThat(registry.names()).containsExactly("default", "hr");
  }

  @Test
  void unknownNameListsTheConfiguredConnections() {
    ConnectionRegistry registry = registry(definition("default"), definition("hr"));
    assertThatThrownBy(() -> registry.get("finance"))
        .isInstanceOf(UnknownConnectionException.class)
        .hasMessage(
            "No EntraID connection named 'finance'. Configured connections: default, hr."
                + " Fix: use one of these names in the task's connection field, or define a connection named 'finance'.");
  }

  @Test
  void noConnectionsAtAll() {
    assertThatThrownBy(() -> registry().get(null))
        .hasMessageContaining(
            "No EntraID connection named 'default': no connections are configured");
  }

  @Test
  void everyInvalidConnectionIsReportedAtOnce() {
    ConnectionDefinition bad1 =
        new ConnectionDefinition("a", "EntraID", Map.of("TenantID", "common"));
    ConnectionDefinition bad2 = new ConnectionDefinition("b", "EntraID", Map.of());
    assertThatThrownBy(() -> registry(definition("ok"), bad1, bad2))
        .isInstanceOf(InvalidConnectionException.class)
        .hasMessageContaining(
            "Connection 'a' is not usable",
            "Connection 'b' is not usable",
            "'common' does not name a tenant")
        .satisfies(e -> assertThat(((InvalidConnectionException) e).problems()).hasSize(6));
  }

  @Test
  void aLazyConnectionWithBadParametersFailsWhenUsedNotAtStart() {
    ConnectionDefinition bad =
        new ConnectionDefinition("later", "EntraID", Map.of("TenantID", "common"));
    ConnectionRegistry registry =
        ConnectionRegistry.of(
            List.of(definition("default"), bad),
            java.util.Set.of("later"),
            s -> new EntraConnection(s, NO_TOKENS, null));
    assertThat(registry.names()).containsExactly("default", "later");
    assertThat(registry.all()).hasSize(1);
    assertThatThrownBy(() -> registry.get("later"))
        .isInstanceOf(InvalidConnectionException.class)
        .hasMessageContaining("'common' does not name a tenant");
  }

  @Test
  void duplicateNamesAreRejected() {
    assertThatThrownBy(() -> registry(definition("hr"), definition("hr")))
        .hasMessageContaining("The name 'hr' is used by two connections");
  }

  @Test
  void runtimeConnectionsAreAddedReplacedAndRemovedButNeverShadowAConfiguredOne() {
    ConnectionRegistry registry = registry(definition("default"));
    EntraConnection first =
        new EntraConnection(EntraIdConnectionType.validate(definition("stored")), NO_TOKENS, null);
    registry.putRuntime(first);
    assertThat(registry.get("stored")).isSameAs(first);
    assertThat(registry.names()).containsExactly("default", "stored");
    assertThat(registry.configuredNames()).containsExactly("default");

    EntraConnection second =
        new EntraConnection(EntraIdConnectionType.validate(definition("stored")), NO_TOKENS, null);
    registry.putRuntime(second);
    assertThat(registry.get("stored")).isSameAs(second);

    InvalidConnectionException broken =
        new InvalidConnectionException(
            "stored",
            List.of(ConnectionProblem.error("ClientSecret", "cannot be decrypted. Fix: the key")));
    registry.putRuntimeInvalid(broken);
    assertThatThrownBy(() -> registry.get("stored")).isSameAs(broken);

    registry.removeRuntime("stored");
    assertThatThrownBy(() -> registry.get("stored")).isInstanceOf(UnknownConnectionException.class);
    EntraConnection clash =
        new EntraConnection(EntraIdConnectionType.validate(definition("default")), NO_TOKENS, null);
    assertThatThrownBy(() -> registry.putRuntime(clash))
        .hasMessageContaining("defined in configuration");
    assertThat(registry.get("default")).isNotSameAs(clash);
  }
}
