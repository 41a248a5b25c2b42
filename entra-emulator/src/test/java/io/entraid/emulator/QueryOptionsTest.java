package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryOptionsTest {
  static EntraEmulator emu;
  static TestClient graph;
  static final Map<String, String> EVENTUAL = Map.of("ConsistencyLevel", "eventual");

  @BeforeAll
  static void start() {
    emu = EntraEmulator.builder().users(120).groups(20).seed(11L).start();
    Directory d = emu.directory();
    d.createUser("o.brien@" + emu.tenantDomain(), "Conan O'Brien");
    graph = new TestClient(emu).withToken();
  }

  @AfterAll
  static void stop() {
    emu.close();
  }

  static TestClient.Response get(String path, String filter) {
    return graph.get(path + "?$filter=" + TestClient.enc(filter));
  }

  static List<String> values(TestClient.Response r, String property) {
    List<String> out = new ArrayList<>();
    r.json().path("value").forEach(v -> out.add(v.path(property).asText()));
    return out;
  }

  @Test
  void selectReturnsOnlyTheNamedProperties() {
    TestClient.Response r = graph.get("/v1.0/users?$select=id,userPrincipalName,department&$top=3");
    assertThat(r.json().path("@odata.context").asText())
        .endsWith("$metadata#users(id,userPrincipalName,department)");
    List<String> names = new ArrayList<>();
    r.json().path("value").get(0).fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("id", "userPrincipalName", "department");
    TestClient.Response bad = graph.get("/v1.0/users?$select=shoeSize");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.errorMessage())
        .isEqualTo("Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.");
  }

  @Test
  void eqStartswithInAndOrParentheses() {
    User u = emu.directory().users().get(7);
    TestClient.Response eq =
        get("/v1.0/users", "userPrincipalName eq '" + u.userPrincipalName().toUpperCase() + "'");
    assertThat(values(eq, "id")).containsExactly(u.id());
    TestClient.Response sw = get("/v1.0/users", "startswith(displayName,'" + u.givenName() + "')");
    assertThat(values(sw, "displayName")).isNotEmpty().allMatch(n -> n.startsWith(u.givenName()));
    long expected =
        emu.directory().users().stream()
            .filter(
                x ->
                    (x.department() != null
                            && (x.department().equals("Sales") || x.department().equals("Legal")))
                        && x.accountEnabled())
            .count();
    assertThat(
            countAll(
                "/v1.0/users?$select=id&$top=999&$filter="
                    + TestClient.enc("department in ('Sales','Legal') and accountEnabled eq true")))
        .isEqualTo(expected);
    TestClient.Response paren =
        get(
            "/v1.0/users",
            "(department eq 'IT' or department eq 'Legal') and startswith(jobTitle,'Head')");
    assertThat(values(paren, "jobTitle")).allMatch(t -> t.startsWith("Head"));
  }

  static long countAll(String url) {
    long n = 0;
    while (url != null) {
      JsonNode body = graph.get(url).json();
      n += body.path("value").size();
      url = body.hasNonNull("@odata.nextLink") ? body.path("@odata.nextLink").asText() : null;
    }
    return n;
  }

  @Test
  void stringLiteralsEscapeQuotes() {
    TestClient.Response r = get("/v1.0/users", "displayName eq 'Conan O''Brien'");
    assertThat(values(r, "userPrincipalName")).containsExactly("o.brien@" + emu.tenantDomain());
  }

  @Test
  void lambdaOnGroupTypes() {
    TestClient.Response r = get("/v1.0/groups", "groupTypes/any(c:c eq 'Unified')");
    assertThat(r.status()).isEqualTo(200);
    long unified = emu.directory().groups().stream().filter(Group::unified).count();
    assertThat(r.json().path("value").size()).isEqualTo((int) unified).isPositive();
  }

  @Test
  void invalidFilterIsBadRequest() {
    TestClient.Response r = get("/v1.0/users", "displayName eq");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("BadRequest");
    assertThat(r.errorMessage()).startsWith("Invalid filter clause");
    TestClient.Response unterminated = get("/v1.0/users", "displayName eq 'abc");
    assertThat(unterminated.errorMessage()).startsWith("Invalid filter clause");
    TestClient.Response unknownProp = get("/v1.0/users", "shoeSize eq '42'");
    assertThat(unknownProp.status()).isEqualTo(400);
  }

  @Test
  void advancedOperatorsNeedConsistencyLevelAndCount() {
    for (String f :
        List.of(
            "department ne 'Sales'",
            "endswith(mail,'" + emu.tenantDomain() + "')",
            "not(department eq 'Sales')")) {
      TestClient.Response basic = get("/v1.0/users", f);
      assertThat(basic.status()).as(f).isEqualTo(400);
      assertThat(basic.errorCode()).isEqualTo("Request_UnsupportedQuery");
      assertThat(basic.errorMessage()).isEqualTo("Unsupported Query.");
      TestClient.Response advanced =
          graph.get("/v1.0/users?$count=true&$filter=" + TestClient.enc(f), EVENTUAL);
      assertThat(advanced.status()).as(f).isEqualTo(200);
      assertThat(advanced.json().has("@odata.count")).isTrue();
    }
    TestClient.Response ne =
        graph.get(
            "/v1.0/users?$count=true&$top=999&$filter=" + TestClient.enc("department ne 'Sales'"),
            EVENTUAL);
    assertThat(values(ne, "id")).hasSize(ne.json().path("@odata.count").asInt());
  }

  /**
   * includes/filter-directory-objects.md: the advanced-only cells of the user table, and default
   * ones beside them.
   */
  @Test
  void advancedOnlyPropertiesAndOperatorsFollowTheFilterTable() {
    for (String f :
        List.of(
            "officeLocation eq 'Berlin'",
            "preferredLanguage eq 'de-DE'",
            "companyName eq 'Contoso'",
            "employeeType eq 'Employee'",
            "mobilePhone eq '+49 1'",
            "startswith(mobilePhone,'+49')",
            "department eq null",
            "createdDateTime in ('2024-01-01T00:00:00Z')",
            "accountEnabled ge true")) {
      TestClient.Response basic = get("/v1.0/users", f);
      assertThat(basic.status()).as(f).isEqualTo(400);
      assertThat(basic.errorCode()).as(f).isEqualTo("Request_UnsupportedQuery");
      TestClient.Response countWithoutHeader =
          graph.get("/v1.0/users?$count=true&$filter=" + TestClient.enc(f));
      assertThat(countWithoutHeader.status()).as(f + " without the header").isEqualTo(400);
      TestClient.Response advanced =
          graph.get("/v1.0/users?$count=true&$filter=" + TestClient.enc(f), EVENTUAL);
      assertThat(advanced.status()).as(f).isEqualTo(200);
    }
    for (String f :
        List.of(
            "department eq 'Sales'",
            "startswith(displayName,'A')",
            "jobTitle in ('Clerk')",
            "createdDateTime ge 2020-01-01T00:00:00Z",
            "city eq 'Paris'")) {
      assertThat(get("/v1.0/users", f).status()).as(f).isEqualTo(200);
    }
  }

  @Test
  void countNeedsConsistencyLevel() {
    TestClient.Response segment = graph.get("/v1.0/users/$count");
    assertThat(segment.status()).isEqualTo(400);
    assertThat(segment.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(segment.errorMessage()).isEqualTo("$count is not currently supported.");
    TestClient.Response ok = graph.get("/v1.0/users/$count", EVENTUAL);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("Content-Type")).startsWith("text/plain");
    assertThat(Integer.parseInt(ok.body())).isEqualTo(emu.directory().userCount());
    // aad-advanced-queries.md "Error handling": the $count query option without the header is
    // silently ignored.
    TestClient.Response ignored = graph.get("/v1.0/users?$count=true&$top=1");
    assertThat(ignored.status()).isEqualTo(200);
    assertThat(ignored.json().has("@odata.count")).isFalse();
    TestClient.Response withCount = graph.get("/v1.0/groups?$count=true&$top=2", EVENTUAL);
    assertThat(withCount.json().path("@odata.count").asInt())
        .isEqualTo(emu.directory().groupCount());
    TestClient.Response page2 =
        graph.get(withCount.json().path("@odata.nextLink").asText(), EVENTUAL);
    assertThat(page2.json().has("@odata.count")).isFalse(); // only on the first page (paging.md)
  }

  @Test
  void searchNeedsConsistencyLevel() {
    User u = emu.directory().users().get(2);
    String search = "$search=" + TestClient.enc("\"displayName:" + u.surname() + "\"");
    TestClient.Response without = graph.get("/v1.0/users?" + search);
    assertThat(without.status()).isEqualTo(400);
    assertThat(without.errorCode()).isEqualTo("Request_UnsupportedQuery");
    assertThat(without.errorMessage()).contains("ConsistencyLevel: eventual");
    TestClient.Response with = graph.get("/v1.0/users?" + search, EVENTUAL);
    assertThat(with.status()).isEqualTo(200);
    assertThat(values(with, "id")).contains(u.id());
  }

  @Test
  void orderByWithFilterNeedsAdvancedAndPagesInOrder() {
    String filter = TestClient.enc("accountEnabled eq true");
    TestClient.Response basic = graph.get("/v1.0/users?$orderby=displayName&$filter=" + filter);
    assertThat(basic.status()).isEqualTo(400);
    assertThat(basic.errorCode()).isEqualTo("Request_UnsupportedQuery");
    List<String> names = new ArrayList<>();
    String url =
        "/v1.0/users?$orderby=displayName&$count=true&$top=25&$select=displayName&$filter="
            + filter;
    while (url != null) {
      JsonNode body = graph.get(url, EVENTUAL).json();
      body.path("value").forEach(v -> names.add(v.path("displayName").asText()));
      url = body.hasNonNull("@odata.nextLink") ? body.path("@odata.nextLink").asText() : null;
    }
    List<String> sorted =
        names.stream().sorted(String.CASE_INSENSITIVE_ORDER).collect(Collectors.toList());
    assertThat(names).isEqualTo(sorted);
    assertThat(names)
        .hasSize((int) emu.directory().users().stream().filter(User::accountEnabled).count());
    TestClient.Response plainOrder = graph.get("/v1.0/users?$orderby=displayName&$top=5");
    assertThat(plainOrder.status()).isEqualTo(200);
  }

  @Test
  void garbageSkipTokenIsRejected() {
    TestClient.Response r = graph.get("/v1.0/users?$skiptoken=garbage");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorCode()).isEqualTo("Directory_ExpiredPageToken");
  }
}
