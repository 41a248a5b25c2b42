package io.entraid.connector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.UnknownOperationException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The exception family: one parent, retryability from the category, named factories instead of a
 * constructor.
 */
class EntraIdExceptionTest {

  @Test
  void graphFailuresAreRetryableExactlyWhenTheirCategoryIs() {
    IOException reset = new IOException("Connection reset");
    GraphException network = GraphException.transientFailure("GET users failed", reset);
    assertThat(network)
        .isInstanceOf(EntraIdException.class)
        .hasCause(reset)
        .hasMessage("GET users failed");
    assertThat(network.category()).isEqualTo(GraphErrorCategory.TRANSIENT);
    assertThat(network.isRetryable()).isTrue();

    GraphException lost = GraphException.outcomeUnknown(504, "POST users failed");
    assertThat(lost.category()).isEqualTo(GraphErrorCategory.OUTCOME_UNKNOWN);
    assertThat(lost.status()).isEqualTo(504);
    assertThat(lost.isRetryable()).isFalse();
    GraphException checked = lost.asTransient("No user was created; retry.");
    assertThat(checked.category()).isEqualTo(GraphErrorCategory.TRANSIENT);
    assertThat(checked.status()).isEqualTo(504);
    assertThat(checked.isRetryable()).isTrue();
    assertThat(checked).hasCause(lost);

    for (GraphException outcome :
        new GraphException[] {
          GraphException.notFound("n"),
          GraphException.ambiguous("a"),
          GraphException.alreadyExists("e"),
          GraphException.invalidInput("i")
        }) {
      assertThat(outcome.category().isBusinessOutcome()).as(outcome.category().name()).isTrue();
      assertThat(outcome.isRetryable()).as(outcome.category().name()).isFalse();
      assertThat(outcome.status()).isZero();
    }
    assertThat(GraphException.authentication("TLS failed", null).isRetryable()).isFalse();
  }

  @Test
  void anUnknownOperationIsNotAGraphOutcome() {
    UnknownOperationException e =
        catchThrowableOfType(
            UnknownOperationException.class, () -> OperationCatalog.standard().get("getUsr"));
    assertThat(e)
        .isInstanceOf(EntraIdException.class)
        .isNotInstanceOf(GraphException.class)
        .hasMessageContaining("Unknown operation 'getUsr'. Did you mean getUser?");
    assertThat(e.isRetryable()).isFalse();
  }
}
