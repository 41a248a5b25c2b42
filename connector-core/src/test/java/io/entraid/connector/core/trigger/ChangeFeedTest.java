package io.entraid.connector.core.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Directory;
import io.entraid.emulator.Group;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed against the emulator over HTTPS, with its state in memory: selection changes,
 * filters, a large group's members split over pages (delta-query-groups.md, "Paging through members
 * in a large group") and a page read twice.
 */
class ChangeFeedTest {
  static final AtomicInteger NAMES = new AtomicInteger();
  EmulatorFixture fixture;
  Directory directory;
  final MemoryStore store = new MemoryStore();
  final List<TriggerEvent> delivered = new ArrayList<>();

  @BeforeEach
  void start() {
    fixture = new EmulatorFixture(10, 3);
    directory = fixture.emulator().directory();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  ChangeFeed feed(List<String> events, List<String> watch, Map<String, List<String>> filter) {
    TriggerDefinition trigger =
        TriggerDefinition.parse(
            "t",
            new TriggerDefinition.Settings(null, events, watch, filter, null, null),
            List.of("default"));
    return new ChangeFeed(trigger, fixture.connection(), store, delivered::add, Runnable::run);
  }

  String createUser(String department) {
    int n = NAMES.incrementAndGet();
    return directory
        .createUser(
            Map.of(
                "accountEnabled", true,
                "displayName", "U " + n,
                "mailNickname", "u" + n,
                "userPrincipalName", "u" + n + "@" + fixture.emulator().tenantDomain(),
                "department", department))
        .id();
  }

  @Test
  void aChangedSelectionRecordsANewBaselineBeforeDeliveringAgain() {
    ChangeFeed feed = feed(List.of("userCreated"), null, null);
    assertThat(feed.poll().baseline()).isTrue();
    createUser("Sales");
    assertThat(feed.poll().delivered()).isOne();

    ChangeFeed watchingMore = feed(List.of("userCreated"), List.of("department", "city"), null);
    createUser("Sales");
    ChangeFeed.Poll first = watchingMore.poll();
    assertThat(first.baseline()).isTrue();
    assertThat(first.delivered()).isZero();
    createUser("Sales");
    assertThat(watchingMore.poll().delivered()).isOne();
    assertThat(delivered).hasSize(2);
  }

  @Test
  void aUserPropertyFilterKeepsOtherUsersBack() {
    ChangeFeed feed =
        feed(
            List.of("userCreated", "userUpdated"),
            List.of("department"),
            Map.of("department", List.of("Sales")));
    feed.poll();
    String sales = createUser("Sales");
    createUser("Finance");
    ChangeFeed.Poll poll = feed.poll();
    assertThat(poll.delivered()).isOne();
    assertThat(poll.filtered()).isOne();
    assertThat(delivered.get(0).objectId()).isEqualTo(sales);

    directory.updateUser(sales, Map.of("department", "Finance")); // leaves Sales: old value matches
    assertThat(feed.poll().delivered()).isOne();
    assertThat(delivered.get(1).variables())
        .containsEntry("changes", "{\"department\":{\"old\":\"Sales\",\"new\":\"Finance\"}}");
  }

  @Test
  void membersOfALargeGroupSplitOverPagesAreEachDeliveredOnce() {
    fixture.emulator().faults().deltaMembersPerPart(2);
    ChangeFeed feed =
        feed(List.of("groupMemberAdded"), null, Map.of("group-prefix", List.of("Big")));
    feed.poll();
    Group big =
        directory.createGroup(
            Map.of(
                "displayName",
                "Big",
                "mailNickname",
                "big",
                "securityEnabled",
                true,
                "mailEnabled",
                false));
    List<String> members = new ArrayList<>();
    for (int i = 0; i < 5; i++) members.add(createUser("Ops"));
    directory.addMembers(big.id(), members);
    ChangeFeed.Poll poll = feed.poll();
    assertThat(poll.requests()).isGreaterThan(3); // users, and the group over three pages
    assertThat(delivered)
        .extracting(e -> e.variables().get("entraUserId"))
        .containsExactlyInAnyOrderElementsOf(members);
    assertThat(delivered).allSatisfy(e -> assertThat(e.variables()).containsEntry("group", "Big"));
    assertThat(delivered.stream().map(TriggerEvent::id).distinct()).hasSize(5);
  }

  @Test
  void aPageReadAgainDeliversNothingTwice() {
    ChangeFeed feed = feed(List.of("groupMemberAdded"), null, null);
    feed.poll();
    Map<String, String> before = new HashMap<>(store.state);
    Group group = directory.groups().get(0);
    directory.addMember(group.id(), createUser("Ops"));
    assertThat(feed.poll().delivered()).isOne();

    store.state.putAll(before); // as if the position had not been stored: the same pages again
    ChangeFeed.Poll again = feed.poll();
    assertThat(again.delivered()).isZero();
    assertThat(again.repeated()).isOne();
    assertThat(delivered).hasSize(1);
  }

  /**
   * Two polls of one trigger at once (a poll job re-run on another node after its lock ran out):
   * the one that commits a page second finds the position moved past the page it read and stops
   * without writing; on PostgreSQL it wrote the page's values again and failed on their keys.
   */
  @Test
  void aSecondPollOfTheSameTriggerAtOnceStopsAtThePageTheFirstStoredAndWritesNothing() {
    ChangeFeed first = feed(List.of("userCreated"), null, null);
    first.poll(); // baseline
    for (int i = 0; i < 3; i++) createUser("Ops");
    ChangeFeed.Poll[] other = new ChangeFeed.Poll[1];
    int[] transactions = {0};
    TriggerDefinition trigger =
        TriggerDefinition.parse(
            "t",
            new TriggerDefinition.Settings(null, List.of("userCreated"), null, null, null, null),
            List.of("default"));
    // its first page's transaction begins only once the other poll has read and stored everything
    ChangeFeed late =
        new ChangeFeed(
            trigger,
            fixture.connection(),
            store,
            delivered::add,
            work -> {
              if (++transactions[0] == 3) other[0] = first.poll();
              work.run();
            });
    int writesBefore = store.snapshotWrites;

    ChangeFeed.Poll poll = late.poll();

    assertThat(other[0].delivered()).isEqualTo(3);
    assertThat(poll.delivered()).isZero();
    assertThat(poll.repeated()).as("it stopped before its page, not after").isZero();
    assertThat(store.snapshotWrites - writesBefore).as("only the first poll's").isEqualTo(3);
    assertThat(delivered).hasSize(3);
  }

  /** A FeedStore in memory: no transactions, which these tests do not need. */
  static final class MemoryStore implements FeedStore {
    final Map<String, String> state = new ConcurrentHashMap<>();
    final Map<String, String> values = new ConcurrentHashMap<>();
    final Map<String, String> events = new ConcurrentHashMap<>();
    int snapshotWrites;

    @Override
    public Optional<String> get(String key) {
      return Optional.ofNullable(state.get(key));
    }

    @Override
    public void put(String key, String value) {
      state.put(key, value);
    }

    @Override
    public void remove(String key) {
      state.remove(key);
    }

    @Override
    public void lock(String key) {} // one thread, no transactions

    @Override
    public Map<String, String> snapshots(Collection<String> objectIds) {
      Map<String, String> found = new HashMap<>();
      for (String id : objectIds) if (values.containsKey(id)) found.put(id, values.get(id));
      return found;
    }

    @Override
    public void putSnapshot(String objectId, String v, boolean known) {
      snapshotWrites++;
      values.put(objectId, v);
    }

    @Override
    public void removeSnapshot(String objectId) {
      values.remove(objectId);
    }

    @Override
    public boolean markDelivered(String eventId, String round) {
      return events.putIfAbsent(eventId, round) == null;
    }

    @Override
    public void forgetRoundsExcept(String prefix, String keep) {
      events.values().removeIf(r -> r.startsWith(prefix) && !r.equals(keep));
    }

    @Override
    public void clear() {
      state.clear();
      values.clear();
      events.clear();
    }
  }
}
