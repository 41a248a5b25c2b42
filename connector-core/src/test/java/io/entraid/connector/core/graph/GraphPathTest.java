package io.entraid.connector.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GraphPathTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "o'brien@contoso.com | users/o%27brien@contoso.com",
        "../me | users/..%2Fme",
        "x/y | users/x%2Fy",
        "a%2Fb | users/a%252Fb",
        "jdoe_contoso.com#EXT#@fabrikam.onmicrosoft.com | users/jdoe_contoso.com%23EXT%23@fabrikam.onmicrosoft.com",
        "jürgen@contoso.com | users/j%C3%BCrgen@contoso.com",
        "a b?c&d=e | users/a%20b%3Fc%26d%3De",
        "$ref@contoso.com | users/('%24ref@contoso.com')",
        "$o'x@contoso.com | users/('%24o%27%27x@contoso.com')"
      })
  void keysAreOneEncodedSegment(String key, String expected) {
    assertThat(GraphPath.of("users").key(key).encoded()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", ".."})
  void keysThatWouldChangeThePathAreRefused(String key) {
    assertThatThrownBy(() -> GraphPath.of("users").key(key))
        .isInstanceOf(GraphException.class)
        .extracting(e -> ((GraphException) e).category())
        .isEqualTo(GraphErrorCategory.INVALID_INPUT);
  }

  @Test
  void alternateKeyTakesOnlyAGuid() {
    String appId = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    assertThat(GraphPath.of("applications").alternateKey("appId", appId).encoded())
        .isEqualTo("applications(appId='" + appId + "')");
    assertThatThrownBy(() -> GraphPath.of("applications").alternateKey("appId", "x') or ('1"))
        .isInstanceOf(GraphException.class)
        .hasMessageContaining("appId must be a GUID");
  }

  @Test
  void literalSegmentsAreCheckedToo() {
    assertThat(GraphPath.of("groups").key("g1").segments("members", "$ref").encoded())
        .isEqualTo("groups/g1/members/$ref");
    assertThatThrownBy(() -> GraphPath.of("users/../me"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void queryValuesAreEncodedSoTheyCannotAddParameters() {
    GraphRequest request =
        GraphRequest.get(GraphPath.of("users"))
            .withQuery("$filter", "userPrincipalName eq 'o''brien@contoso.com' & x=1 #frag")
            .withQuery("$top", "5");
    assertThat(request.pathAndQuery())
        .isEqualTo(
            "users?$filter=userPrincipalName%20eq%20'o''brien@contoso.com'%20%26%20x%3D1%20%23frag&$top=5");
  }

  @Test
  void odataLiteralDoublesQuotes() {
    assertThat(OData.literal("o'brien")).isEqualTo("'o''brien'");
    assertThat(OData.literal("' or 1 eq 1 or '")).isEqualTo("''' or 1 eq 1 or '''");
  }

  @Test
  void retryAfterInSecondsDecimalsOrHttpDate() {
    assertThat(GraphClient.retryAfter("7", Instant.now())).contains(Duration.ofSeconds(7));
    assertThat(GraphClient.retryAfter("2.128", Instant.now())).contains(Duration.ofMillis(2128));
    assertThat(GraphClient.retryAfter("0", Instant.now())).contains(Duration.ZERO);
    String inTenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    assertThat(GraphClient.retryAfter(inTenSeconds, Instant.now()))
        .hasValueSatisfying(
            d -> assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
    String past =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(10));
    assertThat(GraphClient.retryAfter(past, Instant.now())).contains(Duration.ZERO);
    assertThat(GraphClient.retryAfter("soon", Instant.now())).isEmpty();
    assertThat(GraphClient.retryAfter("-3", Instant.now())).isEmpty();
    assertThat(GraphClient.retryAfter(null, Instant.now())).isEmpty();
  }
}
