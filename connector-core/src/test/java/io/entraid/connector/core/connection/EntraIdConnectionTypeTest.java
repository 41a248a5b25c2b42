package io.entraid.connector.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.connection.ConnectionProblem.Severity;
import io.entraid.connector.core.token.Credential;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntraIdConnectionTypeTest {
  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String CLIENT = "0b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
  static final String SECRET = "Abc8Q~k3lMnOpQrStUvWxYz0123456789._-ABCD";

  static Map<String, String> valid() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("TenantID", TENANT);
    p.put("ClientID", CLIENT);
    p.put("ClientSecret", SECRET);
    return p;
  }

  static EntraIdSettings validate(Map<String, String> parameters) {
    return EntraIdConnectionType.validate(new ConnectionDefinition("hr", "EntraID", parameters));
  }

  static List<ConnectionProblem> problems(Map<String, String> parameters) {
    try {
      validate(parameters);
    } catch (InvalidConnectionException e) {
      assertThat(e.connectionName()).isEqualTo("hr");
      return e.problems();
    }
    throw new AssertionError("expected the connection to be rejected");
  }

  static ConnectionProblem onlyError(Map<String, String> parameters) {
    List<ConnectionProblem> errors =
        problems(parameters).stream().filter(p -> p.severity() == Severity.ERROR).toList();
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  @Test
  void validConnectionUsesTheGlobalCloud() {
    EntraIdSettings s = validate(valid());
    assertThat(s.tenantId()).isEqualTo(TENANT);
    assertThat(s.clientId()).isEqualTo(CLIENT);
    assertThat(((Credential.ClientSecret) s.credential()).value().reveal()).isEqualTo(SECRET);
    assertThat(s.cloud()).isEqualTo(Cloud.GLOBAL);
    assertThat(s.authority()).isEqualTo("https://login.microsoftonline.com/" + TENANT + "/");
    assertThat(s.scope()).isEqualTo("https://graph.microsoft.com/.default");
    assertThat(s.graphBaseUri()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
    assertThat(s.customEndpoints()).isFalse();
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void verifiedDomainIsAcceptedAsTenant() {
    Map<String, String> p = valid();
    p.put("TenantID", "contoso.onmicrosoft.com");
    assertThat(validate(p).tenantId()).isEqualTo("contoso.onmicrosoft.com");
  }

  @ParameterizedTest
  @CsvSource({
    "Global, https://login.microsoftonline.com, https://graph.microsoft.com",
    "usgov, https://login.microsoftonline.us, https://graph.microsoft.us",
    "USGovDoD, https://login.microsoftonline.us, https://dod-graph.microsoft.us",
    "China, https://login.partner.microsoftonline.cn, https://microsoftgraph.chinacloudapi.cn"
  })
  void cloudSelectsHostsAndScope(String cloud, String authority, String graph) {
    Map<String, String> p = valid();
    p.put("Cloud", cloud);
    EntraIdSettings s = validate(p);
    assertThat(s.authorityHost()).hasToString(authority);
    assertThat(s.graphEndpoint()).hasToString(graph);
    assertThat(s.scope()).isEqualTo(graph + "/.default");
  }

  @Test
  void unknownCloudListsTheChoices() {
    Map<String, String> p = valid();
    p.put("Cloud", "Germany");
    assertThat(onlyError(p).message())
        .contains("Cloud", "'Germany'", "Global, USGov, USGovDoD, China");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TenantID", "ClientID"})
  void missingKeyIsNamedWithWhereToFindIt(String key) {
    Map<String, String> p = valid();
    p.remove(key);
    ConnectionProblem e = onlyError(p);
    assertThat(e.key()).isEqualTo(key);
    assertThat(e.message()).startsWith(key + " is missing.").contains("Fix: add the key " + key);
  }

  @Test
  void emptyValueIsReportedAsEmpty() {
    Map<String, String> p = valid();
    p.put("ClientID", "   ");
    assertThat(onlyError(p).message())
        .startsWith("ClientID is empty.")
        .contains("Application (client) ID");
  }

  @Test
  void keysMatchIgnoringCase() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("tenantid", TENANT);
    p.put("CLIENTID", CLIENT);
    p.put("clientSecret", SECRET);
    assertThat(validate(p).clientId()).isEqualTo(CLIENT);
  }

  @Test
  void sameKeyTwiceInDifferentCaseIsAnError() {
    Map<String, String> p = valid();
    p.put("tenantID", TENANT);
    assertThat(onlyError(p).message())
        .contains("TenantID is given twice", "'TenantID'", "'tenantID'");
  }

  @ParameterizedTest
  @CsvSource({
    "Tenant, TenantID",
    "tenant_id, TenantID",
    "Directory (tenant) ID, TenantID",
    "ClientIDs, ClientID",
    "Application (client) ID, ClientID",
    "Secret, ClientSecret",
    "ClientSecretValue, ClientSecret",
    "GraphUrl, GraphEndpoint",
    "Authority, AuthorityHost"
  })
  void unknownKeySuggestsTheClosestKnownKey(String unknown, String suggested) {
    Map<String, String> p = valid();
    p.put(unknown, "x");
    ConnectionProblem e = onlyError(p);
    assertThat(e.key()).isEqualTo(unknown);
    assertThat(e.message())
        .contains("'" + unknown + "' is not a key", "Did you mean " + suggested + "?");
  }

  @Test
  void unrelatedUnknownKeyListsTheKnownKeys() {
    Map<String, String> p = valid();
    p.put("Timeout", "30");
    assertThat(onlyError(p).message())
        .contains("'Timeout' is not a key")
        .doesNotContain("Did you mean")
        .contains(
            "TenantID, ClientID, ClientSecret, ClientSecretFile, ClientCertificate,"
                + " ClientCertificatePassword, SendX5C, ClientAssertionFile, ManagedIdentity, Cloud,"
                + " AuthorityHost, GraphEndpoint");
  }

  @Test
  void whitespaceIsTrimmedAndReportedAsWarningWithoutQuotingTheSecret() {
    Map<String, String> p = valid();
    p.put("TenantID", " " + TENANT + "\t");
    p.put("ClientSecret", SECRET + " ");
    EntraIdSettings s = validate(p);
    assertThat(s.tenantId()).isEqualTo(TENANT);
    assertThat(((Credential.ClientSecret) s.credential()).value().reveal()).isEqualTo(SECRET);
    assertThat(s.warnings())
        .extracting(ConnectionProblem::key)
        .containsExactly("TenantID", "ClientSecret");
    assertThat(s.warnings())
        .allSatisfy(
            w -> {
              assertThat(w.severity()).isEqualTo(Severity.WARNING);
              assertThat(w.message())
                  .contains("leading or trailing whitespace", "removed")
                  .doesNotContain(SECRET);
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"common", "organizations", "Consumers"})
  void multiTenantAliasesAreRejected(String alias) {
    Map<String, String> p = valid();
    p.put("TenantID", alias);
    assertThat(onlyError(p).message())
        .contains(
            "'" + alias + "' does not name a tenant",
            "App-only tokens",
            "AADSTS50059",
            "Directory (tenant) ID");
  }

  @ParameterizedTest
  @CsvSource({
    "TenantID, 72f988bf-86f1-41af-91ab-2d7cd011db4, 31",
    "TenantID, 72f988bf86f141af91ab2d7cd011db47, 32",
    "ClientID, 0b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d0, 33"
  })
  void malformedGuidSaysHowManyDigitsWereFound(String key, String value, int digits) {
    Map<String, String> p = valid();
    p.put(key, value);
    ConnectionProblem e = onlyError(p);
    assertThat(e.key()).isEqualTo(key);
    assertThat(e.message())
        .contains("is not a well-formed GUID", "8-4-4-4-12", "found " + digits + " hex digits");
  }

  @Test
  void tenantThatIsNeitherGuidNorDomain() {
    Map<String, String> p = valid();
    p.put("TenantID", "My Company");
    assertThat(onlyError(p).message()).contains("'My Company' is neither a GUID nor a domain name");
  }

  @Test
  void tenantGivenAsUrl() {
    Map<String, String> p = valid();
    p.put("TenantID", "https://login.microsoftonline.com/" + TENANT);
    assertThat(onlyError(p).message()).contains("is a URL or a path, not a tenant");
  }

  @Test
  void clientIdThatIsAnAppName() {
    Map<String, String> p = valid();
    p.put("ClientID", "Camunda Workflows");
    assertThat(onlyError(p).message()).contains("is not a GUID", "not the app's name");
  }

  @Test
  void clientIdEqualToTenantId() {
    Map<String, String> p = valid();
    p.put("ClientID", TENANT.toUpperCase());
    assertThat(onlyError(p).message()).contains("ClientID is the same GUID as TenantID");
  }

  @Test
  void secretThatIsAGuidIsTheSecretIdNotTheValue() {
    Map<String, String> p = valid();
    p.put("ClientSecret", "9f8e7d6c-5b4a-4321-8fed-cba987654321");
    ConnectionProblem e = onlyError(p);
    assertThat(e.key()).isEqualTo("ClientSecret");
    assertThat(e.message())
        .contains("Secret ID, not its Value", "AADSTS7000215")
        .doesNotContain("9f8e7d6c");
  }

  @Test
  void secretEqualToClientId() {
    Map<String, String> p = valid();
    p.put("ClientSecret", CLIENT);
    assertThat(onlyError(p).message()).contains("ClientSecret is the same as ClientID");
  }

  @Test
  void overridesReplaceCloudHostsAndSwitchToCustomEndpoints() {
    Map<String, String> p = valid();
    p.put("AuthorityHost", "https://127.0.0.1:8443/");
    p.put("GraphEndpoint", "https://LOCALHOST:9443");
    EntraIdSettings s = validate(p);
    assertThat(s.authority()).isEqualTo("https://127.0.0.1:8443/" + TENANT + "/");
    assertThat(s.graphEndpoint()).hasToString("https://localhost:9443");
    assertThat(s.scope()).isEqualTo("https://localhost:9443/.default");
    assertThat(s.customEndpoints()).isTrue();
  }

  @Test
  void graphEndpointWithVersionIsStrippedWithAWarning() {
    Map<String, String> p = valid();
    p.put("GraphEndpoint", "https://graph.microsoft.com/v1.0/");
    EntraIdSettings s = validate(p);
    assertThat(s.graphEndpoint()).hasToString("https://graph.microsoft.com");
    assertThat(s.warnings())
        .singleElement()
        .extracting(ConnectionProblem::message)
        .asString()
        .contains("/v1.0");
  }

  @ParameterizedTest
  @CsvSource({
    "AuthorityHost, http://127.0.0.1:8443, must be an absolute https URL",
    "GraphEndpoint, ftp://graph.example, must be an absolute https URL",
    "GraphEndpoint, graph.microsoft.com, must be an absolute https URL",
    "AuthorityHost, https://login.microsoftonline.com/tenant, without a path",
    "AuthorityHost, https://login.microsoftonline.com?x=1, without a path",
    "GraphEndpoint, https://graph.microsoft.com/beta, without a path",
    "GraphEndpoint, https://host with space, is not a valid URL"
  })
  void badOverridesAreRejected(String key, String value, String expected) {
    Map<String, String> p = valid();
    p.put(key, value);
    ConnectionProblem e = onlyError(p);
    assertThat(e.key()).isEqualTo(key);
    assertThat(e.message()).contains(expected).contains("Fix:");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("TenantID", "common");
    p.put("ClientSecret", "9f8e7d6c-5b4a-4321-8fed-cba987654321");
    p.put("Tenant", "x");
    assertThat(problems(p))
        .extracting(ConnectionProblem::key)
        .containsExactlyInAnyOrder("TenantID", "ClientSecret", "Tenant", "ClientID");
  }

  @Test
  void otherConnectionTypesAreRejected() {
    assertThatThrownBy(
            () -> EntraIdConnectionType.validate(new ConnectionDefinition("x", "Okta", valid())))
        .isInstanceOf(InvalidConnectionException.class)
        .hasMessageContaining("Connection type 'Okta' is not supported", "EntraID");
  }

  @Test
  void typeMatchesIgnoringCase() {
    assertThat(
            EntraIdConnectionType.validate(new ConnectionDefinition("x", "entraid", valid()))
                .name())
        .isEqualTo("x");
  }

  @Test
  void nothingShowsTheSecret() {
    Map<String, String> p = valid();
    ConnectionDefinition definition = new ConnectionDefinition("hr", "EntraID", p);
    EntraIdSettings s = EntraIdConnectionType.validate(definition);
    assertThat(definition.toString()).doesNotContain(SECRET).contains("ClientSecret");
    assertThat(s.toString()).doesNotContain(SECRET).contains("credential=ClientSecret[value=****]");
    p.put("Tenant", "x");
    assertThatThrownBy(() -> validate(p))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }
}
