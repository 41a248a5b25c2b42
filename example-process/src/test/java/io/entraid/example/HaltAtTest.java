package io.entraid.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.entraid.connector.core.sync.DirectoryTarget;
import io.entraid.connector.core.sync.SyncProgress;
import io.entraid.connector.core.sync.SyncStateStore;
import io.entraid.connector.core.sync.SyncTargets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test-only kill hook halts exactly at the named point, and nowhere else. */
class HaltAtTest {
  private final AtomicInteger halts = new AtomicInteger();

  /** Stands for Runtime.halt: nothing after it runs. */
  private static final class Halted extends RuntimeException {}

  private final DirectoryTarget target = mock(DirectoryTarget.class);
  private final SyncStateStore state = mock(SyncStateStore.class);
  private final SyncTargets targets = connection -> target;

  private SyncTargets armed(String spec) {
    when(target.state()).thenReturn(state);
    return new HaltAt(
        targets,
        HaltAt.Point.parse(spec),
        () -> {
          halts.incrementAndGet();
          throw new Halted();
        });
  }

  private static SyncProgress page(String round, int pages, boolean finished) {
    return new SyncProgress("default", round, pages, 0, 0, Duration.ZERO, finished);
  }

  @Test
  void haltsAfterTheNthPageOfTheNamedRoundOnly() {
    SyncProgress.Listener listener = armed("groups:2").progress();
    listener.onProgress(page("users", 1, false));
    listener.onProgress(page("users", 2, false));
    listener.onProgress(page("groups", 3, false));
    listener.onProgress(page("groups", 3, true));
    assertThat(halts).hasValue(0);
    assertThatThrownBy(() -> listener.onProgress(page("groups", 4, false)))
        .isInstanceOf(Halted.class);
    assertThat(halts).hasValue(1);
  }

  @Test
  void haltsInsideTheNthMembershipWriteAfterTheWrite() {
    DirectoryTarget decorated = armed("memberships:3").open(null);
    decorated.addMember("g", "u1");
    decorated.addMember("g", "u2");
    assertThat(halts).hasValue(0);
    assertThatThrownBy(() -> decorated.addMember("g", "u3")).isInstanceOf(Halted.class);
    assertThat(halts).hasValue(1);
    verify(target).addMember("g", "u3");
  }

  @Test
  void haltsJustBeforeTheNthDeltaLinkIsStored() {
    DirectoryTarget decorated = armed("delta-link:2").open(null);
    decorated.state().put("users.resume", "page");
    decorated.state().put("users.deltaLink", "u");
    assertThat(halts).hasValue(0);
    verify(state).put("users.deltaLink", "u");
    assertThatThrownBy(() -> decorated.state().put("groups.deltaLink", "g"))
        .isInstanceOf(Halted.class);
    assertThat(halts).hasValue(1);
    verify(state, never()).put("groups.deltaLink", "g");
  }

  @Test
  void refusesAnUnknownPointNamingThePropertyAndTheFix() {
    assertThatThrownBy(() -> HaltAt.Point.parse("members:2"))
        .hasMessageContaining("example.test-only.halt-at is 'members:2'")
        .hasMessageContaining("fix: use users:<n>, groups:<n>, memberships:<n> or delta-link:<n>");
    assertThatThrownBy(() -> HaltAt.Point.parse("users:0")).hasMessageContaining("n >= 1");
    assertThat(HaltAt.Point.parse("delta-link")).hasToString("delta-link:1");
  }
}
