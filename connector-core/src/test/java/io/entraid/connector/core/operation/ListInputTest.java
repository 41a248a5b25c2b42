package io.entraid.connector.core.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every form a list of names may take reads the same, here and in the operations' inputs. */
class ListInputTest {
  static final List<String> EXPECTED = List.of("Sales", "Project Atlas");

  @Test
  void everyFormOfTheSameListReadsTheSame() throws Exception {
    assertThat(ListInput.parse("Sales, Project Atlas")).isEqualTo(EXPECTED);
    assertThat(ListInput.parse("[\"Sales\", \"Project Atlas\"]")).isEqualTo(EXPECTED);
    assertThat(ListInput.parse(" [\"Sales\",\"Project Atlas\"] ")).isEqualTo(EXPECTED);
    assertThat(ListInput.parse(List.of("Sales", " Project Atlas "))).isEqualTo(EXPECTED);
    assertThat(ListInput.parse(new String[] {"Sales", "Project Atlas"})).isEqualTo(EXPECTED);
    assertThat(ListInput.parse(new ObjectMapper().readTree("[\"Sales\",\"Project Atlas\"]")))
        .isEqualTo(EXPECTED);
  }

  @Test
  void aNameWithACommaSurvivesOnlyInAJsonArray() {
    assertThat(ListInput.parse("[\"Sales, Project Atlantis\"]"))
        .containsExactly("Sales, Project Atlantis");
    assertThat(ListInput.parse("Sales, Project Atlantis"))
        .containsExactly("Sales", "Project Atlantis");
  }

  @Test
  void emptyEntriesAndRepeatsAreDropped() {
    assertThat(ListInput.parse("Sales,, Sales ,")).containsExactly("Sales");
    assertThat(ListInput.parse(null)).isEmpty();
    assertThat(ListInput.parse("")).isEmpty();
    assertThat(ListInput.parse(List.of(1, true))).containsExactly("1", "true");
  }

  @Test
  void brokenJsonArrayTextIsRefusedWithTheFix() {
    assertThatThrownBy(() -> ListInput.parse("[\"Sales\", "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with '[' but is not a JSON array")
        .hasMessageContaining("Fix: give a JSON array of strings, or a comma-separated list.");
  }

  @Test
  void anObjectIsNotAListEntry() {
    assertThatThrownBy(() -> ListInput.parse(List.of(Map.of("a", 1))))
        .hasMessageContaining("must be text, but a");
  }
}
