package io.entraid.connector.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.graph.GraphRequest.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionPolicyTest {
  private static List<String> path(String p) {
    return List.of(p.split("/"));
  }

  @Test
  void theDefaultAllowsEveryOperationButGraphRequest() {
    for (Operation op : OperationCatalog.standard().all()) {
      assertThat(ConnectionPolicy.DEFAULT.allows(op.spec().name()))
          .as(op.spec().name())
          .isEqualTo(!op.spec().name().equals("graphRequest"));
    }
    assertThat(
            ConnectionPolicy.of(List.of(), List.of(), List.of("GET users/*"))
                .allows("graphRequest"))
        .isTrue();
    ConnectionPolicy readOnly =
        ConnectionPolicy.of(List.of("getUser", "checkGroupMembership"), List.of(), List.of());
    assertThat(readOnly.allows("getUser")).isTrue();
    assertThat(readOnly.allows("deleteUser")).isFalse();
  }

  @Test
  void rulesMatchSegmentsIgnoringCaseWithOneAndManySegmentWildcards() {
    ConnectionPolicy.GraphRule one =
        ConnectionPolicy.GraphRule.parse("GET /users/*/licenseDetails");
    assertThat(one.matches(Method.GET, path("Users/abc/LICENSEDETAILS"))).isTrue();
    assertThat(one.matches(Method.POST, path("users/abc/licenseDetails"))).isFalse();
    assertThat(one.matches(Method.GET, path("users/abc/licenseDetails/x"))).isFalse();
    assertThat(one.matches(Method.GET, path("users/abc"))).isFalse();
    ConnectionPolicy.GraphRule many = ConnectionPolicy.GraphRule.parse("* groups/**");
    assertThat(many.matches(Method.DELETE, path("groups/1/members/2/$ref"))).isTrue();
    assertThat(many.matches(Method.GET, path("users/1"))).isFalse();
  }

  @Test
  void badSettingsAreRefusedNamingTheSettingAndTheFix() {
    assertThatThrownBy(() -> ConnectionPolicy.of(List.of(), List.of(), List.of("users/*")))
        .hasMessageContaining(
            "Policy setting graph-requests: 'users/*' is not a rule. Fix: write METHOD path");
    assertThatThrownBy(() -> ConnectionPolicy.of(List.of(), List.of(), List.of("FETCH users")))
        .hasMessageContaining("unknown method 'FETCH'");
    assertThatThrownBy(() -> ConnectionPolicy.of(List.of(), List.of(), List.of("POST $batch")))
        .hasMessageContaining("names $batch, which needs no rule");
    assertThatThrownBy(() -> ConnectionPolicy.of(List.of(), List.of(), List.of("GET users/**/x")))
        .hasMessageContaining("has an invalid path");
    assertThatThrownBy(
            () -> ConnectionPolicy.of(List.of(), List.of("entra onboarding\r\nFAKE"), List.of()))
        .hasMessageContaining("'entra onboarding\\r\\nFAKE' is not a process definition key");
    assertThatThrownBy(
            () ->
                ConnectionPolicies.of(
                    Map.of("hr", ConnectionPolicy.of(List.of("getUsr"), List.of(), List.of())),
                    OperationCatalog.standard()))
        .hasMessageContaining(
            "Connection 'hr', policy setting operations: 'getUsr' is not an operation. Did you mean getUser?");
  }
}
