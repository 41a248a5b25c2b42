package io.entraid.connector.core.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.connection.ConnectionDefinition;
import io.entraid.connector.core.connection.ConnectionOptions;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.graph.GraphClientOptions;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.sync.InMemoryDirectoryTarget;
import io.entraid.emulator.EntraEmulator;
import io.entraid.emulator.RecordedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every text input of every catalog operation, fed hostile values. Whatever the operation does with
 * them (refuse, not find, succeed), what reaches Graph must keep its shape: the path stays under
 * /v1.0 with no dot-segments, and every OData string literal stays closed. Driven by the catalog's
 * declarations, so a new operation is covered without touching this test.
 */
class InjectionCorpusTest {
  static final List<String> CORPUS =
      List.of(
          "o'brien@contoso.com",
          "' or 1 eq 1 or '",
          "'/../",
          "../me",
          "x/y",
          "a%2Fb",
          "%2e%2e/%2e%2e/users",
          "jürgen.ößter@contoso.com",
          "名前@contoso.com",
          "x".repeat(10_240),
          "a\r\nHost: evil.example",
          "?$top=999&$filter=true",
          "#EXT#@contoso.com");

  /** graphRequest takes a path on purpose and has its own hostile-path tests. */
  static final Set<String> OWN_TESTS = Set.of("graphRequest");

  static final Set<InputType> TEXT =
      EnumSet.of(InputType.STRING, InputType.TEXT, InputType.STRING_LIST);

  static EntraEmulator emulator;
  static EntraConnection connection;
  static final OperationCatalog CATALOG =
      OperationCatalog.standard(connection -> new InMemoryDirectoryTarget());

  @BeforeAll
  static void start() {
    emulator = EntraEmulator.builder().users(30).groups(10).seed(11L).start();
    ConnectionDefinition definition =
        new ConnectionDefinition(
            "corpus",
            "EntraID",
            Map.of(
                "TenantID",
                emulator.tenantId(),
                "ClientID",
                emulator.clientId(),
                "ClientSecret",
                emulator.clientSecret(),
                "AuthorityHost",
                emulator.authorityHost(),
                "GraphEndpoint",
                emulator.graphEndpoint()));
    connection =
        EntraConnection.create(
            EntraIdConnectionType.validate(definition),
            ConnectionOptions.DEFAULTS
                .withSslContext(emulator.sslContext())
                .withGraph(
                    new GraphClientOptions(
                        1,
                        Duration.ofSeconds(30),
                        Duration.ofMillis(1),
                        Duration.ofMillis(1),
                        Duration.ZERO)));
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  static Stream<Arguments> textInputs() {
    List<Arguments> cases = new ArrayList<>();
    for (Operation op : CATALOG.all()) {
      if (OWN_TESTS.contains(op.spec().name())) continue;
      for (InputSpec input : op.spec().inputs()) {
        // A raw filter is OData by declaration; everything else must never shape the request.
        if (TEXT.contains(input.type()) && input.format() != ValueFormat.RAW_ODATA_FILTER) {
          cases.add(Arguments.of(op.spec().name(), input.name()));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("textInputs")
  void hostileValuesNeverChangeTheShapeOfTheRequest(String operation, String inputName) {
    OperationSpec spec = CATALOG.get(operation).spec();
    for (String hostile : CORPUS) {
      Map<String, Object> inputs = validFillers(spec);
      inputs.put(inputName, hostile);
      emulator.clearRequests();
      try {
        CATALOG.execute(connection, operation, inputs);
      } catch (GraphException e) {
        assertThat(e.category())
            .as("%s.%s <- %s: %s", operation, inputName, abbreviate(hostile), e.getMessage())
            .isNotIn(GraphErrorCategory.TRANSIENT, GraphErrorCategory.AUTHENTICATION);
      }
      for (RecordedRequest request : emulator.requests()) {
        if (request.path().contains("/oauth2/")) continue; // the token endpoint sees no input
        assertShapeKept(request, operation + "." + inputName + " <- " + abbreviate(hostile));
      }
    }
  }

  static void assertShapeKept(RecordedRequest request, String what) {
    String path = request.path();
    assertThat(path).as(what).startsWith("/v1.0/");
    assertThat(URI.create(path).normalize().getPath())
        .as("%s: dot-segments in %s", what, path)
        .isEqualTo(URI.create(path).getPath());
    assertThat(path).as(what).doesNotContain("\r", "\n", " ");
    if (request.rawQuery() != null) {
      for (String parameter : request.rawQuery().split("&")) {
        String value =
            URLDecoder.decode(
                parameter.substring(parameter.indexOf('=') + 1), StandardCharsets.UTF_8);
        if (parameter.startsWith("$filter=")) {
          String withoutEscapedQuotes = value.replace("''", "");
          long quotes = withoutEscapedQuotes.chars().filter(c -> c == '\'').count();
          assertThat(quotes % 2).as("%s: unbalanced literal in $filter=%s", what, value).isZero();
        }
      }
    }
  }

  /** Valid values for every required input, pointing at objects that exist. */
  static Map<String, Object> validFillers(OperationSpec spec) {
    var user = emulator.directory().users().get(1);
    var group = emulator.directory().groups().get(1);
    Map<String, Object> values = new HashMap<>();
    for (InputSpec input : spec.inputs()) {
      if (!input.required()) continue;
      Object value =
          switch (input.type()) {
            case BOOLEAN -> true;
            case INTEGER -> 5;
            case CHOICE -> input.choices().get(0);
            case JSON_OBJECT -> Map.of("department", "Corpus");
            case STRING_LIST -> List.of(filler(input.format(), user.id(), group.id()));
            default -> filler(input.format(), user.userPrincipalName(), group.id());
          };
      values.put(input.name(), value);
    }
    return values;
  }

  static String filler(ValueFormat format, String userRef, String groupId) {
    return switch (format) {
      case USER_REF -> userRef;
      case UPN ->
          "corpus." + UUID.randomUUID().toString().substring(0, 8) + "@" + emulator.tenantDomain();
      case GROUP_REF, OBJECT_ID -> groupId;
      case MAIL_NICKNAME -> "corpus" + UUID.randomUUID().toString().substring(0, 8);
      case PROPERTY_NAME -> "displayName";
      case ANY, RAW_ODATA_FILTER -> "Corpus value";
    };
  }

  static String abbreviate(String value) {
    return value.length() > 40
        ? value.substring(0, 40) + "...(" + value.length() + " chars)"
        : value;
  }
}
