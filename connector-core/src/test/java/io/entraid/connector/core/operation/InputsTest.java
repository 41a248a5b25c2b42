package io.entraid.connector.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.OutputSpec.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputsTest {
  enum Scope {
    ALL_SECURITY,
    LIST,
    MICROSOFT365
  }

  static final OperationSpec SPEC =
      new OperationSpec(
          "demo",
          "Demo",
          "A demo",
          Category.ADVANCED,
          List.of(
              CommonInputs.user("user", "User"),
              InputSpec.optional("groups", "Groups", InputType.STRING_LIST, "groups")
                  .format(ValueFormat.GROUP_REF)
                  .maxItems(3),
              InputSpec.optional("mode", "Mode", InputType.CHOICE, "mode")
                  .choices("any", "all")
                  .defaultValue("any"),
              InputSpec.optional("transitive", "Transitive", InputType.BOOLEAN, "nested")
                  .defaultValue("true"),
              InputSpec.optional("limit", "Limit", InputType.INTEGER, "limit"),
              InputSpec.optional("percent", "Percent", InputType.INTEGER, "percent").range(0, 100),
              InputSpec.choice("scope", "Scope", "scope", Scope.values()),
              InputSpec.optional("properties", "Props", InputType.JSON_OBJECT, "json")
                  .maxLength(100),
              InputSpec.optional("password", "Password", InputType.STRING, "pw")
                  .format(ValueFormat.OBJECT_ID)
                  .asSensitive()),
          List.of(OutputSpec.result(Kind.BOOLEAN, "x", "x")),
          List.of(),
          "https://learn.microsoft.com/graph/api/user-get");

  static Inputs validate(Map<String, Object> raw) {
    return Inputs.validate(SPEC, raw);
  }

  static String refusal(Map<String, Object> raw) {
    try {
      validate(raw);
    } catch (GraphException e) {
      assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
      return e.getMessage();
    }
    throw new AssertionError("expected the inputs to be refused");
  }

  static Map<String, Object> with(String key, Object value) {
    Map<String, Object> raw = new HashMap<>();
    raw.put("user", "jane@contoso.com");
    raw.put(key, value);
    return raw;
  }

  @Test
  void defaultsAndConversions() {
    Inputs inputs = validate(with("limit", "25"));
    assertThat(inputs.string("user")).isEqualTo("jane@contoso.com");
    assertThat(inputs.string("mode")).isEqualTo("any");
    assertThat(inputs.bool("transitive")).isTrue();
    assertThat(inputs.integer("limit")).isEqualTo(25);
    assertThat(inputs.list("groups")).isEmpty();
    assertThat(inputs.has("properties")).isFalse();
  }

  @Test
  void missingRequiredInputNamesItAndHowToFix() {
    assertThat(refusal(Map.of()))
        .isEqualTo(
            "Input 'user' of demo is required but was not given."
                + " Fix: map a value to the input 'user' (The user's object id or user principal name, e.g. jane.doe@contoso.com).");
    assertThat(refusal(Map.of("user", "   "))).contains("Input 'user' of demo is required");
  }

  @Test
  void listsComeAsListsJsonArraysOrCommaSeparatedText() {
    assertThat(validate(with("groups", List.of("Sales", " HR ", "Sales"))).list("groups"))
        .containsExactly("Sales", "HR");
    assertThat(validate(with("groups", "[\"Sales\",\"HR\"]")).list("groups"))
        .containsExactly("Sales", "HR");
    assertThat(validate(with("groups", "Sales, HR,,")).list("groups"))
        .containsExactly("Sales", "HR");
    assertThat(validate(with("groups", new String[] {"a"})).list("groups")).containsExactly("a");
  }

  @Test
  void tooManyListEntries() {
    assertThat(refusal(with("groups", "a,b,c,d")))
        .contains("Input 'groups' of demo has 4 entries; at most 3");
  }

  @Test
  void badJsonArray() {
    assertThat(refusal(with("groups", "[\"a\"")))
        .contains("starts with '[' but is not a JSON array");
  }

  @Test
  void choicesBooleansAndNumbers() {
    assertThat(validate(with("mode", "ALL")).string("mode")).isEqualTo("all");
    assertThat(refusal(with("mode", "most"))).contains("'most' is not one of any, all");
    assertThat(validate(with("transitive", "FALSE")).bool("transitive")).isFalse();
    assertThat(refusal(with("transitive", "yes"))).contains("'yes' is not a boolean");
    assertThat(validate(with("limit", 7L)).integer("limit")).isEqualTo(7);
    assertThat(refusal(with("limit", "7.5"))).contains("'7.5' is not a whole number");
    assertThat(refusal(with("limit", 1e12))).contains("is not a whole number");
  }

  @Test
  void jsonObjectsFromMapsOrText() {
    assertThat(validate(with("properties", Map.of("jobTitle", "Engineer"))).object("properties"))
        .containsEntry("jobTitle", "Engineer");
    assertThat(validate(with("properties", "{\"department\":\"HR\"}")).object("properties"))
        .containsEntry("department", "HR");
    assertThat(refusal(with("properties", "[1]"))).contains("must be a JSON object");
    assertThat(refusal(with("properties", "{oops"))).contains("is not valid JSON");
    assertThat(refusal(with("properties", Map.of("k", "x".repeat(200)))))
        .contains("is larger than 100 characters");
  }

  @Test
  void formatRefusalsQuoteAShortenedValueWithoutControlCharacters() {
    assertThat(refusal(with("user", "not a user")))
        .isEqualTo(
            "Input 'user' of demo 'not a user' is not a user's"
                + " object id (GUID) or user principal name (name@domain).");
    String longValue = "x".repeat(300) + "@contoso.com";
    assertThat(refusal(with("user", longValue)))
        .contains("is 312 characters long; at most 256")
        .doesNotContain(longValue);
    assertThat(refusal(with("user", "y".repeat(220) + "@contoso.com")))
        .contains("'yyyyyyyy")
        .contains("... (232 characters)'");
    assertThat(refusal(with("user", "a\nb@contoso.com"))).contains("'a\\nb@contoso.com'");
  }

  @Test
  void sensitiveValuesAreNeverRepeated() {
    assertThat(refusal(with("password", "Hunter2!")))
        .contains("The value is not")
        .doesNotContain("Hunter2");
  }

  @Test
  void objectsOfOtherTypesAreRefusedForText() {
    assertThat(refusal(with("user", new Object())))
        .contains("must be text, but a Object was given");
  }

  @Test
  void aRangeAcceptsItsBoundsAndRefusesNumbersOutsideNamingTheRange() {
    assertThat(validate(with("percent", 0)).integer("percent")).isZero();
    assertThat(validate(with("percent", "100")).integer("percent")).isEqualTo(100);
    assertThat(refusal(with("percent", 101)))
        .isEqualTo(
            "Input 'percent' of demo is 101; it must be from 0 to 100. Fix: use a number in that range.");
    assertThat(refusal(with("percent", "-1")))
        .isEqualTo(
            "Input 'percent' of demo is -1; it must be from 0 to 100."
                + " Fix: use a number in that range.");
    assertThat(refusal(with("percent", "many"))).contains("'many' is not a whole number");
    assertThat(validate(with("limit", -5)).integer("limit"))
        .as("no range declared: any whole number")
        .isEqualTo(-5);
  }

  @Test
  void anEnumChoiceListsItsConstantsInLowerCamelCaseAndIsReadAsAConstant() {
    InputSpec scope = SPEC.input("scope").orElseThrow();
    assertThat(scope.type()).isEqualTo(InputType.CHOICE);
    assertThat(scope.choices()).containsExactly("allSecurity", "list", "microsoft365");
    assertThat(scope.defaultValue()).isEqualTo("allSecurity");
    assertThat(scope.required()).isFalse();

    assertThat(validate(with("scope", null)).choice("scope", Scope.class))
        .isEqualTo(Scope.ALL_SECURITY);
    assertThat(validate(with("scope", "LIST")).choice("scope", Scope.class)).isEqualTo(Scope.LIST);
    assertThat(validate(with("scope", " microsoft365 ")).choice("scope", Scope.class))
        .isEqualTo(Scope.MICROSOFT365);
    assertThat(refusal(with("scope", "ALL_SECURITY")))
        .isEqualTo(
            "Input 'scope' of demo 'ALL_SECURITY' is not one of allSecurity, list, microsoft365. Fix: use one of those.");
  }

  @Test
  void anEnumChoiceMayOfferSomeConstantsOnlyTheFirstBeingTheDefault() {
    InputSpec subset = InputSpec.choice("scope", "Scope", "scope", Scope.LIST, Scope.ALL_SECURITY);
    assertThat(subset.choices()).containsExactly("list", "allSecurity");
    assertThat(subset.defaultValue()).isEqualTo("list");
  }

  @Test
  void readingAChoiceAsAnEnumWithoutThatValueIsABugInTheOperation() {
    Inputs inputs = validate(with("mode", "all"));
    assertThatThrownBy(() -> inputs.choice("mode", Scope.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mode")
        .hasMessageContaining("Scope");
  }
}
