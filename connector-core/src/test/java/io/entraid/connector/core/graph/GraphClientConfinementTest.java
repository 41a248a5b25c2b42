package io.entraid.connector.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.entraid.connector.core.operation.EmulatorFixture;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's last line of defence: a raw path that resolves outside the version root is never
 * sent.
 */
class GraphClientConfinementTest {
  static EmulatorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(1, 0);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void rawPathsOutsideTheVersionRootAreNotSent() {
    GraphClient graph = fixture.connection().graph();
    graph.send(GraphRequest.get(GraphPath.of("users"))); // token and connection warmed up
    fixture.emulator().clearRequests();
    for (String path :
        List.of("../beta/users", "//evil.example/x", "/users", "https://evil.example/x")) {
      GraphException e =
          catchThrowableOfType(
              GraphException.class,
              () -> graph.send(GraphRequest.raw(GraphRequest.Method.GET, path, null)));
      assertThat(e).as(path).isNotNull();
      assertThat(e.category()).isEqualTo(GraphErrorCategory.INVALID_INPUT);
      assertThat(e.getMessage()).contains("was not sent");
    }
    assertThat(fixture.graphRequests()).isEmpty();
  }
}
