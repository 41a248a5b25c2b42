package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.emulator.RecordedRequest;
import io.entraid.emulator.User;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindUsersTest extends EmulatorTestBase {

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> found(Map<String, ?> inputs) {
    return (List<Map<String, Object>>) run("findUsers", inputs).result();
  }

  static String query(RecordedRequest request) {
    return URLDecoder.decode(request.rawQuery(), StandardCharsets.UTF_8);
  }

  @Test
  void findsByDisplayNamePrefixWithTheDefaultProperties() {
    User first = newUser("Prefixa");
    User second = newUser("Prefixa");
    newUser("Otherb");

    List<Map<String, Object>> users = found(Map.of("displayName", "prefixa"));

    assertThat(users)
        .extracting(u -> u.get("id"))
        .containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(users.get(0))
        .containsKeys("userPrincipalName", "department", "accountEnabled")
        .doesNotContainKey("@odata.type");
    assertThat(graphCalls()).containsExactly("GET /v1.0/users");
    assertThat(query(graphRequests().get(0)))
        .contains("$filter=startswith(displayName,'prefixa')")
        .contains("$top=100");
  }

  @Test
  void combinesCriteriaWithAndAndQuotesEveryValue() {
    User match = newUser("o'quote");
    emulator.directory().updateUser(match.id(), Map.of("department", "R'and'D"));
    User otherDepartment = newUser("o'quote");

    List<Map<String, Object>> users =
        found(
            Map.of(
                "userPrincipalName",
                "o'quote",
                "department",
                "r'and'd",
                "properties",
                "id,department"));

    assertThat(users).containsExactly(Map.of("id", match.id(), "department", "R'and'D"));
    assertThat(otherDepartment.id()).isNotEqualTo(match.id());
    assertThat(query(graphRequests().get(0)))
        .contains("$filter=startswith(userPrincipalName,'o''quote') and department eq 'r''and''d'");
  }

  @Test
  void stopsPagingAtTheLimit() {
    for (int i = 0; i < 5; i++) newUser("Limited");

    List<Map<String, Object>> users = found(Map.of("displayName", "Limited", "limit", 3));

    assertThat(users).hasSize(3);
    assertThat(graphCalls()).containsExactly("GET /v1.0/users");
    assertThat(query(graphRequests().get(0))).contains("$top=3");
  }

  @Test
  void followsNextLinksUntilTheLimitAndNoFurther() {
    for (int i = 0; i < 1005; i++) newUser("Paged");

    List<Map<String, Object>> users =
        found(Map.of("displayName", "Paged", "limit", 1000, "properties", "id"));

    assertThat(users).hasSize(1000).doesNotHaveDuplicates();
    assertThat(graphCalls()).containsExactly("GET /v1.0/users", "GET /v1.0/users");
    assertThat(query(graphRequests().get(0))).contains("$top=999");
    assertThat(query(graphRequests().get(1))).contains("$skiptoken=");
  }

  @Test
  void aRawFilterIsSentAsGiven() {
    User disabled = newUser("rawfilter");
    emulator.directory().updateUser(disabled.id(), Map.of("accountEnabled", false));

    List<Map<String, Object>> users =
        found(
            Map.of(
                "filter",
                "accountEnabled eq false and startswith(displayName,'"
                    + disabled.displayName()
                    + "')"));

    assertThat(users).extracting(u -> u.get("id")).containsExactly(disabled.id());
    assertThat(query(graphRequests().get(0)))
        .contains(
            "$filter=(accountEnabled eq false and startswith(displayName,'"
                + disabled.displayName()
                + "'))");
  }

  /**
   * includes/filter-directory-objects.md: endsWith, officeLocation and eq null work only as
   * advanced queries. Without advancedQuery the filter is sent as written, refused with
   * Request_UnsupportedQuery, and sent once more as an advanced query, so any filter an
   * administrator writes works.
   */
  @Test
  void aRawFilterThatNeedsAnAdvancedQueryIsSentAgainAsOne() {
    User match = newUser("office");
    emulator.directory().updateUser(match.id(), Map.of("officeLocation", "Room 4'2"));
    for (String filter :
        List.of(
            "officeLocation eq 'Room 4''2'",
            "endswith(userPrincipalName,'" + match.userPrincipalName() + "')",
            "officeLocation ne null and startswith(displayName,'" + match.displayName() + "')")) {
      emulator.clearRequests();
      List<Map<String, Object>> users = found(Map.of("filter", filter));
      assertThat(users).as(filter).extracting(u -> u.get("id")).containsExactly(match.id());
      assertThat(graphRequests()).extracting(RecordedRequest::status).containsExactly(400, 200);
      assertThat(graphRequests().get(1).header("ConsistencyLevel")).isEqualTo("eventual");
      assertThat(query(graphRequests().get(1))).contains("$count=true");
    }
  }

  @Test
  void aFilterGraphCannotReadIsInvalidInputWithTheFix() {
    GraphException e = failure("findUsers", Map.of("filter", "shoeSize eq 42"));
    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("input 'filter'");
  }

  @Test
  void advancedQuerySendsConsistencyLevelAndCount() {
    User match = newUser("suffixed");

    List<Map<String, Object>> users =
        found(
            Map.of(
                "filter",
                "endswith(userPrincipalName,'" + match.userPrincipalName() + "')",
                "advancedQuery",
                true));

    assertThat(users).extracting(u -> u.get("id")).containsExactly(match.id());
    RecordedRequest request = graphRequests().get(0);
    assertThat(request.header("ConsistencyLevel")).isEqualTo("eventual");
    assertThat(query(request)).contains("$count=true");
  }

  @Test
  void withoutAnyCriterionNothingIsSent() {
    GraphException e = failure("findUsers", Map.of("limit", 5));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("at least one criterion");
    assertThat(graphCalls()).isEmpty();
  }

  @Test
  void aLimitOutOfRangeIsInvalidInput() {
    GraphException e = failure("findUsers", Map.of("displayName", "x", "limit", 1001));

    assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
    assertThat(e.getMessage()).contains("Input 'limit' of findUsers is 1001");
    assertThat(graphCalls()).isEmpty();
  }
}
