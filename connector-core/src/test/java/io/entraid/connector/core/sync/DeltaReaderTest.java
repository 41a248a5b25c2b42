package io.entraid.connector.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.operation.EmulatorFixture;
import io.entraid.emulator.Directory;
import io.entraid.emulator.RecordedRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Graph's delta queries read page by page against the emulator over HTTPS. */
class DeltaReaderTest {
  static final String USER_FIELDS = "id,userPrincipalName,displayName,accountEnabled";
  static final String GROUP_FIELDS = "displayName,mailNickname,securityEnabled";
  static EmulatorFixture fixture;
  static GraphClient graph;

  @BeforeAll
  static void start() {
    fixture = new EmulatorFixture(40, 4);
    graph = fixture.connection().graph();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void reset() {
    fixture.emulator().faults().reset();
    fixture.connection().tokens().token();
    fixture.emulator().clearRequests();
  }

  DeltaReader users() {
    return DeltaReader.users(graph, USER_FIELDS, "test");
  }

  /** Reads all pages, returning them; the delta link is the last page's. */
  static List<DeltaReader.DeltaPage> readAll(DeltaReader reader, String link) {
    List<DeltaReader.DeltaPage> pages = new ArrayList<>();
    String deltaLink = reader.read(link, pages::add);
    assertThat(pages.get(pages.size() - 1).deltaLink()).isEqualTo(deltaLink);
    return pages;
  }

  static Set<String> ids(List<DeltaReader.DeltaPage> pages) {
    return pages.stream()
        .flatMap(p -> p.changes().stream())
        .map(DeltaReader.Change::objectId)
        .collect(Collectors.toSet());
  }

  /**
   * delta-query-overview.md: a read from the start lists every object over pages linked by nextLink
   * and ends with a deltaLink; Prefer: odata.maxpagesize asks for the largest pages.
   */
  @Test
  void aReadFromTheStartListsEveryUserPageByPageAndEndsWithADeltaLink() {
    fixture.emulator().faults().maxDeltaPageSize(15);
    List<DeltaReader.DeltaPage> pages = readAll(users().prefetching(), null);

    int total = fixture.emulator().directory().userCount();
    assertThat(pages).hasSize((total + 14) / 15);
    assertThat(ids(pages))
        .isEqualTo(
            fixture.emulator().directory().users().stream()
                .map(u -> u.id())
                .collect(Collectors.toSet()));
    for (DeltaReader.DeltaPage page : pages.subList(0, pages.size() - 1)) {
      assertThat(page.last()).isFalse();
      assertThat(page.nextLink()).isNotNull();
      assertThat(page.deltaLink()).isNull();
    }
    assertThat(pages.get(pages.size() - 1).last()).isTrue();
    List<RecordedRequest> requests = fixture.graphRequests();
    assertThat(requests).hasSize(pages.size());
    assertThat(requests)
        .allSatisfy(r -> assertThat(r.header("Prefer")).isEqualTo("odata.maxpagesize=999"));
    assertThat(requests.get(0).rawQuery()).contains("select=");
  }

  /** user-delta.md: a read from the delta link lists only what changed since, removals marked. */
  @Test
  void aReadFromTheDeltaLinkListsOnlyTheChangesWithRemovalsMarked() {
    String deltaLink = users().read(null, page -> {});
    Directory d = fixture.emulator().directory();
    String created = d.createUser("delta.reader@" + fixture.emulator().tenantDomain(), "DR").id();
    String deleted = d.users().get(2).id();
    d.deleteUser(deleted);

    List<DeltaReader.DeltaPage> pages = readAll(users(), deltaLink);

    List<DeltaReader.Change> changes = pages.stream().flatMap(p -> p.changes().stream()).toList();
    assertThat(changes).extracting(DeltaReader.Change::objectId).containsOnly(created, deleted);
    assertThat(changes)
        .filteredOn(DeltaReader.Change::removed)
        .extracting(DeltaReader.Change::objectId)
        .containsExactly(deleted);
    assertThat(readAll(users(), pages.get(pages.size() - 1).deltaLink()).get(0).changes())
        .isEmpty();
  }

  /**
   * delta-query-overview.md "Synchronization reset": an unknown token is answered 400
   * syncStateNotFound (identity resources) or 410; the caller reads from the start again.
   */
  @ParameterizedTest(name = "answered {0}")
  @ValueSource(ints = {400, 410})
  void anExpiredTokenIsRecognisedAndAReadFromTheStartStillWorks(int status) {
    String deltaLink = users().read(null, page -> {});
    fixture.emulator().faults().deltaExpiredStatus(status).expireDeltaTokens();

    List<DeltaReader.DeltaPage> handled = new ArrayList<>();
    GraphException e =
        catchThrowableOfType(GraphException.class, () -> users().read(deltaLink, handled::add));

    assertThat(e).isNotNull();
    assertThat(e.status()).isEqualTo(status);
    assertThat(DeltaReader.isExpiredDeltaToken(e)).isTrue();
    assertThat(handled).isEmpty();
    assertThat(ids(readAll(users(), null))).hasSize(fixture.emulator().directory().userCount());
  }

  /** A caller that stopped after a page resumes at that page's nextLink and misses nothing. */
  @Test
  void aReadStoppedAfterAPageResumesAtItsNextLink() {
    fixture.emulator().faults().maxDeltaPageSize(10);
    List<DeltaReader.DeltaPage> before = new ArrayList<>();
    RuntimeException crash = new IllegalStateException("crash after the second page");
    RuntimeException thrown =
        catchThrowableOfType(
            RuntimeException.class,
            () ->
                users()
                    .prefetching()
                    .read(
                        null,
                        page -> {
                          before.add(page);
                          if (before.size() == 2) throw crash;
                        }));
    assertThat(thrown).isSameAs(crash);

    List<DeltaReader.DeltaPage> after = readAll(users(), before.get(1).nextLink());

    Set<String> all = new HashSet<>(ids(before));
    all.addAll(ids(after));
    assertThat(all).hasSize(fixture.emulator().directory().userCount());
    assertThat(ids(before)).doesNotContainAnyElementsOf(ids(after));
  }

  /**
   * delta-query-groups.md "Paging through members in a large group": the same group on several
   * pages, each with a part of its members@delta; merged, the parts are its members, as lean
   * records, and the items no longer carry members@delta.
   */
  @ParameterizedTest(name = "members@delta in parts of {0}")
  @ValueSource(ints = {1, 3, 1000})
  void aGroupsMembersSplitOverPagesMergeIntoOneSetOfMembers(int membersPerPart) {
    Directory d = fixture.emulator().directory();
    var group = d.groups().get(0);
    var nested = d.groups().get(1);
    for (var u : d.users().subList(0, 7))
      if (!d.memberIds(group.id()).contains(u.id())) d.addMember(group.id(), u.id());
    if (!d.memberIds(group.id()).contains(nested.id())) d.addMember(group.id(), nested.id());
    fixture.emulator().faults().deltaMembersPerPart(membersPerPart);

    GroupChanges changes = new GroupChanges();
    List<DeltaReader.DeltaPage> pages = new ArrayList<>();
    String deltaLink =
        DeltaReader.groups(graph, GROUP_FIELDS, true, "test")
            .read(
                null,
                page -> {
                  pages.add(page);
                  changes.add(page);
                });

    Set<Member> expected = new HashSet<>();
    for (String id : d.memberIds(group.id())) expected.add(new Member(d.user(id).isPresent(), id));
    assertThat(changes.added(group.id()))
        .isEqualTo(expected)
        .contains(new Member(false, nested.id()));
    assertThat(changes.changed().get(group.id()).path("displayName").asText())
        .isEqualTo(group.get("displayName"));
    assertThat(pages)
        .allSatisfy(
            p ->
                assertThat(p.items())
                    .allSatisfy(i -> assertThat(i.has("members@delta")).isFalse()));
    if (membersPerPart < expected.size()) assertThat(pages.size()).isGreaterThan(1);
    assertThat(fixture.graphRequests().get(0).rawQuery()).contains("members");

    // a member removed comes back as removed in the next read
    String leaving = d.memberIds(group.id()).get(0);
    d.removeMember(group.id(), leaving);
    GroupChanges next = new GroupChanges();
    DeltaReader.groups(graph, GROUP_FIELDS, true, "test").read(deltaLink, next::add);
    assertThat(next.removed(group.id())).containsExactly(new Member(true, leaving));
    assertThat(next.withMemberChanges()).contains(group.id());
  }
}
