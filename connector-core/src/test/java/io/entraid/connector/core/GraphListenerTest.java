package io.entraid.connector.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Several listeners (metrics, tests) observe one connection through GraphListener.of. */
class GraphListenerTest {

  @Test
  void everyListenerSeesEveryEventInOrder() {
    List<String> seen = new ArrayList<>();
    GraphListener all = GraphListener.of(List.of(recording("a", seen), recording("b", seen)));
    all.onResponse("getUser", "GET", 200);
    all.onRetry("getUser", 429, Duration.ofSeconds(2));
    all.onReplicationWait("addGroupMembers", Duration.ofMillis(500));
    all.onTokenAcquired("default", true);
    assertThat(seen)
        .containsExactly(
            "a response getUser GET 200", "b response getUser GET 200",
            "a retry getUser 429 PT2S", "b retry getUser 429 PT2S",
            "a replication addGroupMembers PT0.5S", "b replication addGroupMembers PT0.5S",
            "a token default true", "b token default true");
  }

  @Test
  void noListenerIsNoneAndOneIsItself() {
    GraphListener one = recording("a", new ArrayList<>());
    assertThat(GraphListener.of(List.of())).isSameAs(GraphListener.NONE);
    assertThat(GraphListener.of(List.of(one))).isSameAs(one);
  }

  private static GraphListener recording(String name, List<String> seen) {
    return new GraphListener() {
      @Override
      public void onResponse(String operation, String method, int status) {
        seen.add(name + " response " + operation + " " + method + " " + status);
      }

      @Override
      public void onRetry(String operation, int status, Duration wait) {
        seen.add(name + " retry " + operation + " " + status + " " + wait);
      }

      @Override
      public void onReplicationWait(String operation, Duration wait) {
        seen.add(name + " replication " + operation + " " + wait);
      }

      @Override
      public void onTokenAcquired(String connection, boolean fromNetwork) {
        seen.add(name + " token " + connection + " " + fromNetwork);
      }
    };
  }
}
