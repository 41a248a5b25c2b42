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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test-only kill hook halts exactly at the named point of the run it armed, and nowhere else.
 */
class HaltAtTest {
  /** Stands for Runtime.halt: nothing after it runs. */
  private static final class Halted extends RuntimeException {}

  @TempDir Path dir;
  private final AtomicInteger halts = new AtomicInteger();
  private final DirectoryTarget target = mock(DirectoryTarget.class);
  private final SyncStateStore state = mock(SyncStateStore.class);
  private final SyncTargets targets = connection -> target;

  private HaltAt hook() {
    when(target.state()).thenReturn(state);
    return new HaltAt(
        targets,
        dir.resolve("halt"),
        () -> {
          halts.incrementAndGet();
          throw new Halted();
        });
  }

  /** A run that starts with the file holding {@code spec}: the file is consumed. */
  private DirectoryTarget armedRun(HaltAt hook, String spec) throws IOException {
    Files.writeString(dir.resolve("halt"), spec);
    DirectoryTarget run = hook.open(null);
    assertThat(dir.resolve("halt")).doesNotExist();
    return run;
  }

  private static SyncProgress page(String round, int pages, boolean finished) {
    return new SyncProgress("default", round, pages, 0, 0, Duration.ZERO, finished);
  }

  @Test
  void haltsAfterTheNthPageOfTheNamedRoundOnly() throws IOException {
    HaltAt hook = hook();
    armedRun(hook, "groups:2");
    SyncProgress.Listener listener = hook.progress();
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
  void aRunThatFindsNoFileNeverHalts() {
    HaltAt hook = hook();
    DirectoryTarget run = hook.open(null);
    for (int i = 1; i <= 3; i++) {
      hook.progress().onProgress(page("users", i, false));
      run.addMember("g", "u" + i);
      run.state().put("users.deltaLink", "u");
    }
    assertThat(halts).hasValue(0);
  }

  @Test
  void haltsInsideTheNthMembershipWriteAfterTheWrite() throws IOException {
    DirectoryTarget run = armedRun(hook(), "memberships:3");
    run.addMember("g", "u1");
    run.addMember("g", "u2");
    assertThat(halts).hasValue(0);
    assertThatThrownBy(() -> run.addMember("g", "u3")).isInstanceOf(Halted.class);
    assertThat(halts).hasValue(1);
    verify(target).addMember("g", "u3");
  }

  @Test
  void haltsJustBeforeTheNthDeltaLinkIsStored() throws IOException {
    DirectoryTarget run = armedRun(hook(), "delta-link:2");
    run.state().put("users.resume", "page");
    run.state().put("users.deltaLink", "u");
    assertThat(halts).hasValue(0);
    verify(state).put("users.deltaLink", "u");
    assertThatThrownBy(() -> run.state().put("groups.deltaLink", "g")).isInstanceOf(Halted.class);
    assertThat(halts).hasValue(1);
    verify(state, never()).put("groups.deltaLink", "g");
  }

  @Test
  void refusesAnUnknownPointNamingTheFixAndConsumesTheFile() throws IOException {
    HaltAt hook = hook();
    Files.writeString(dir.resolve("halt"), "members:2");
    assertThatThrownBy(() -> hook.open(null))
        .hasMessageContaining("example.test-only.halt-at-file holds 'members:2'")
        .hasMessageContaining(
            "fix: write users:<n>, groups:<n>, memberships:<n> or delta-link:<n>");
    assertThatThrownBy(() -> HaltAt.Point.parse("users:0")).hasMessageContaining("n >= 1");
    assertThat(HaltAt.Point.parse("delta-link")).hasToString("delta-link:1");
  }
}
