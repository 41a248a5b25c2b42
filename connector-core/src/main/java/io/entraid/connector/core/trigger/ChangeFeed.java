package io.entraid.connector.core.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.sync.DeltaReader;
import io.entraid.connector.core.sync.Member;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trigger's change feed: reads Graph's users and groups delta ({@link DeltaReader}) from where
 * the last poll stopped, turns each page into events by comparing it with the last seen values,
 * hands the events that pass the trigger's selection to a sink and stores the values and the next
 * position, each page in one transaction of the caller's ({@link Transactions}; the {@link
 * FeedStore} and the sink join it): a page's events and position commit together or not at all, and
 * a page whose transaction failed is read again by the next poll.
 *
 * <p>A poll reads users (if any user or member event is subscribed), then groups (if any group
 * event is). A new feed, a changed selection and an expired delta link first read everything as a
 * baseline, which records the values and delivers nothing; after an expired link the baseline still
 * compares what it reads with the values it had and logs the changes it does not deliver.
 *
 * <p>Event ids are the hash of the round (the delta link it started from), the object, the kind and
 * the change: a page read again yields the same ids, and an id already delivered in the round (or,
 * by a late second reader, in the round before) is not delivered again.
 *
 * <p>Memory: one page at a time; the last seen values live in the store, not on the heap.
 */
public final class ChangeFeed {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String USERS = "users";
  static final String GROUPS = "groups";
  static final String SELECTION = "selection";
  static final String LINK = ".link";
  static final String BASELINE = ".baseline";
  static final String START = ".start";
  private static final String INITIAL = "initial";
  private static final String RESYNC = "resync";
  private static final String DELETED = "@deleted";
  private static final int LOGGED_PER_PAGE = 10;
  static final String OPERATION = "trigger";

  /** User properties every user event carries. */
  static final List<String> USER_VARIABLES =
      List.of("userPrincipalName", "displayName", "department", "jobTitle", "accountEnabled");

  /** Runs work in a transaction of its own, committed when it returns. */
  @FunctionalInterface
  public interface Transactions {
    void run(Runnable work);
  }

  private final TriggerDefinition trigger;
  private final EntraConnection connection;
  private final GraphClient graph;
  private final FeedStore store;
  private final Consumer<TriggerEvent> sink;
  private final Transactions transactions;

  public ChangeFeed(
      TriggerDefinition trigger,
      EntraConnection connection,
      FeedStore store,
      Consumer<TriggerEvent> sink,
      Transactions transactions) {
    this.trigger = trigger;
    this.connection = connection;
    this.graph = connection.graph().background();
    this.store = store;
    this.sink = sink;
    this.transactions = transactions;
  }

  /**
   * What one poll did.
   *
   * @param requests Graph pages read
   * @param baseline whether a baseline was (partly) recorded, which delivers nothing
   * @param delivered events handed to the sink
   * @param filtered events of subscribed kinds the filter kept back
   * @param skipped changes a baseline after an expired delta link did not deliver (logged)
   * @param repeated events already delivered in their round, not delivered again
   */
  public record Poll(
      int requests,
      int items,
      boolean baseline,
      int delivered,
      int filtered,
      int skipped,
      int repeated) {
    Poll plus(Poll o) {
      return new Poll(
          requests + o.requests,
          items + o.items,
          baseline || o.baseline,
          delivered + o.delivered,
          filtered + o.filtered,
          skipped + o.skipped,
          repeated + o.repeated);
    }
  }

  private static final Poll NOTHING = new Poll(0, 0, false, 0, 0, 0, 0);

  /** Reads every change since the last poll; each page commits in a transaction of its own. */
  public Poll poll() {
    transactions.run(this::checkSelection);
    Poll[] done = {NOTHING};
    try {
      if (trigger.readsUsers()) round(USERS, true, done);
      if (trigger.readsGroups()) round(GROUPS, true, done);
    } catch (Superseded e) {
      LOG.info(
          "Trigger '{}': another poll of it stored the {} page this poll read (a re-run of its job"
              + " after the job's lock ran out); this poll stops, the other one goes on",
          trigger.name(),
          e.round);
    }
    return done[0];
  }

  /** Another poll of the same trigger committed the page this one read: it stops. */
  private static final class Superseded extends RuntimeException {
    final String round;

    Superseded(String round) {
      super(null, null, false, false);
      this.round = round;
    }
  }

  private void checkSelection() {
    String selection = trigger.selection();
    String stored = store.get(SELECTION).orElse(null);
    if (selection.equals(stored)) return;
    if (stored != null)
      LOG.info(
          "Trigger '{}': its selection (connection, events, watch or filter) changed; recording a"
              + " new baseline, which delivers nothing",
          trigger.name());
    store.clear();
    store.put(SELECTION, selection);
  }

  /** Where a round starts: its link (null: from the start), baseline kind and round id. */
  private record Start(String link, String baseline, String roundId) {}

  /** Reads a round; adds each page to {@code done} as it commits. */
  private void round(String round, boolean retryExpired, Poll[] done) {
    Start[] start = new Start[1];
    transactions.run(
        () -> {
          String link = store.get(round + LINK).orElse(null);
          if (link == null && store.get(round + BASELINE).isEmpty())
            store.put(round + BASELINE, INITIAL);
          start[0] =
              new Start(
                  link,
                  store.get(round + BASELINE).orElse(null),
                  store.get(round + START).orElse(round + ":" + INITIAL));
        });
    DeltaReader reader =
        round.equals(USERS)
            ? DeltaReader.users(graph, String.join(",", userSelect()) + ",manager", OPERATION)
            : DeltaReader.groups(graph, "id,displayName", true, OPERATION);
    String[] from = {start[0].link()};
    try {
      reader.read(
          start[0].link(),
          page -> {
            boolean[] superseded = {false};
            transactions.run(
                () -> {
                  // polls of one trigger at once take turns per page; the second to come finds
                  // the position moved past the page it read and writes nothing
                  store.lock(SELECTION);
                  superseded[0] = !Objects.equals(store.get(round + LINK).orElse(null), from[0]);
                  if (!superseded[0]) done[0] = done[0].plus(page(round, page, start[0]));
                });
            if (superseded[0]) throw new Superseded(round);
            from[0] = page.nextLink();
          });
    } catch (GraphException e) {
      if (start[0].link() == null || !DeltaReader.isExpiredDeltaToken(e) || !retryExpired) throw e;
      LOG.warn(
          "ENTRAID-04001 Trigger '{}': Graph no longer accepts its {} delta link ({}); recording a"
              + " new baseline. Changes made since the last poll are not delivered: the baseline"
              + " logs each one it can still see",
          trigger.name(),
          round,
          e.code() != null ? e.code() : e.status());
      transactions.run(
          () -> {
            store.remove(round + LINK);
            store.put(round + BASELINE, RESYNC);
          });
      round(round, false, done);
    }
  }

  private Poll page(String round, DeltaReader.DeltaPage page, Start start) {
    List<Candidate> candidates =
        round.equals(USERS)
            ? userChanges(page.changes(), start.baseline())
            : groupChanges(page.changes(), start.baseline());
    Poll done = deliver(candidates, start.roundId(), start.baseline() != null);
    if (!page.last()) {
      store.put(round + LINK, page.nextLink());
    } else {
      store.put(round + LINK, page.deltaLink());
      if (start.baseline() != null)
        LOG.info(
            "Trigger '{}': baseline of {} recorded; changes from now on are delivered",
            trigger.name(),
            round);
      store.remove(round + BASELINE);
      store.forgetRoundsExcept(round + ":", start.roundId());
      store.put(round + START, round + ":" + hash(page.deltaLink()));
    }
    return new Poll(
        1,
        page.changes().size(),
        start.baseline() != null,
        done.delivered(),
        done.filtered(),
        done.skipped(),
        done.repeated());
  }

  /** The user properties the feed keeps, besides the manager: the variables' and the watched. */
  private List<String> userSelect() {
    Set<String> names = new LinkedHashSet<>(List.of("id"));
    names.addAll(USER_VARIABLES);
    for (String p : trigger.watch()) if (!p.equals("manager")) names.add(p);
    return List.copyOf(names);
  }

  // ----------------------------------------------------------------------------------------------
  // users

  private List<Candidate> userChanges(List<DeltaReader.Change> page, String baseline) {
    Map<String, String> stored =
        store.snapshots(page.stream().map(DeltaReader.Change::objectId).toList());
    List<Candidate> out = new ArrayList<>();
    Set<String> written = new HashSet<>(); // Graph may list an object twice in a round
    for (DeltaReader.Change change : page) {
      String id = change.objectId();
      JsonNode item = change.item();
      Map<String, String> before = read(stored.get(id));
      if (change.removed()) {
        if (before == null) continue; // created and deleted between two polls, or never seen
        boolean soft = "changed".equals(item.path("@removed").path("reason").asText());
        boolean wasDeleted = before.containsKey(DELETED);
        if (soft) {
          Map<String, String> deleted = new LinkedHashMap<>(before);
          deleted.put(DELETED, "true");
          store.putSnapshot(id, write(deleted), true);
        } else {
          store.removeSnapshot(id);
        }
        if (!wasDeleted) {
          Map<String, Object> extra = Map.of("deletion", soft ? "soft" : "permanent");
          out.add(user(EventKind.USER_DELETED, id, before, before, null, extra));
        }
        continue;
      }
      Map<String, String> now = new LinkedHashMap<>();
      if (before != null) now.putAll(before);
      now.remove(DELETED);
      for (String p : userSelect()) {
        if (!p.equals("id") && item.has(p)) now.put(p, text(item.get(p)));
      }
      if (item.has("manager@delta")) now.put("manager", manager(item.get("manager@delta")));
      store.putSnapshot(id, write(now), before != null || !written.add(id));
      if (before == null) {
        if (!INITIAL.equals(baseline))
          out.add(user(EventKind.USER_CREATED, id, now, Map.of(), null, Map.of()));
        continue;
      }
      if (before.containsKey(DELETED)) {
        out.add(user(EventKind.USER_RESTORED, id, now, before, null, Map.of()));
        continue;
      }
      Map<String, Map<String, String>> changes = new LinkedHashMap<>();
      for (String p : trigger.watch())
        if (!Objects.equals(before.get(p), now.get(p)))
          changes.put(p, change(before.get(p), now.get(p)));
      if (!changes.isEmpty())
        out.add(user(EventKind.USER_UPDATED, id, now, before, changes, Map.of()));
      String wasEnabled = before.get("accountEnabled");
      String isEnabled = now.get("accountEnabled");
      if ("true".equals(wasEnabled) && "false".equals(isEnabled))
        out.add(user(EventKind.USER_DISABLED, id, now, before, null, Map.of()));
      if ("false".equals(wasEnabled) && "true".equals(isEnabled))
        out.add(user(EventKind.USER_ENABLED, id, now, before, null, Map.of()));
      if (!Objects.equals(before.get("manager"), now.get("manager")))
        out.add(
            user(
                EventKind.MANAGER_CHANGED,
                id,
                now,
                before,
                Map.of("manager", change(before.get("manager"), now.get("manager"))),
                Map.of()));
    }
    return out;
  }

  /** The manager {@code manager@delta} names: its last entry without {@code @removed}, or none. */
  private static String manager(JsonNode delta) {
    String manager = null;
    for (JsonNode m : delta) if (!m.has("@removed")) manager = m.path("id").asText(null);
    return manager;
  }

  private Candidate user(
      EventKind kind,
      String id,
      Map<String, String> now,
      Map<String, String> before,
      Map<String, Map<String, String>> changes,
      Map<String, Object> extra) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(TriggerEvent.USER_ID, id);
    for (String p : USER_VARIABLES) {
      String value = now.get(p);
      variables.put(
          p, p.equals("accountEnabled") && value != null ? Boolean.valueOf(value) : value);
    }
    if (now.get("manager") != null) variables.put("managerId", now.get("manager"));
    if (changes != null) variables.put(TriggerEvent.CHANGES, write(changes));
    variables.putAll(extra);
    String change = kind + "|" + (changes != null ? write(changes) : write(now)) + "|" + extra;
    String upn = now.get("userPrincipalName");
    return new Candidate(
        kind,
        id,
        change,
        upn != null ? upn : id,
        variables,
        trigger.filter().matchesUser(now, before));
  }

  private static Map<String, String> change(String before, String now) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("old", before);
    c.put("new", now);
    return c;
  }

  // ----------------------------------------------------------------------------------------------
  // groups

  private List<Candidate> groupChanges(List<DeltaReader.Change> changes, String baseline) {
    Set<String> ids = new HashSet<>();
    for (DeltaReader.Change change : changes) {
      ids.add(change.objectId());
      if (baseline == null) {
        for (Member m : change.membersAdded()) if (m.user()) ids.add(m.objectId());
        for (Member m : change.membersRemoved()) if (m.user()) ids.add(m.objectId());
      }
    }
    Map<String, String> stored = store.snapshots(ids);
    List<Candidate> out = new ArrayList<>();
    Set<String> written = new HashSet<>();
    int membersNotCompared = 0;
    for (DeltaReader.Change change : changes) {
      String id = change.objectId();
      JsonNode item = change.item();
      Map<String, String> before = read(stored.get(id));
      if (change.removed()) {
        if (before == null) continue;
        store.removeSnapshot(id);
        out.add(group(EventKind.GROUP_DELETED, id, before.get("displayName"), "", Map.of()));
        continue;
      }
      String name =
          item.has("displayName")
              ? text(item.get("displayName"))
              : before == null ? null : before.get("displayName");
      if (before == null || !Objects.equals(before.get("displayName"), name)) {
        Map<String, String> now = new LinkedHashMap<>();
        now.put("displayName", name);
        store.putSnapshot(id, write(now), before != null || !written.add(id));
      }
      if (before == null && !INITIAL.equals(baseline))
        out.add(group(EventKind.GROUP_CREATED, id, name, "", Map.of()));
      if (baseline != null) {
        membersNotCompared += change.membersAdded().size() + change.membersRemoved().size();
        continue; // a baseline lists every member: nothing to compare them with
      }
      List<Member> members = new ArrayList<>(change.membersAdded());
      members.addAll(change.membersRemoved());
      members.sort(java.util.Comparator.comparing(Member::objectId));
      for (Member m : members) {
        if (!m.user()) continue; // direct user members only
        String memberId = m.objectId();
        boolean removed = change.membersRemoved().contains(m);
        Map<String, String> member = read(stored.get(memberId));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put(TriggerEvent.USER_ID, memberId);
        variables.put("userPrincipalName", member == null ? null : member.get("userPrincipalName"));
        out.add(
            group(
                removed ? EventKind.GROUP_MEMBER_REMOVED : EventKind.GROUP_MEMBER_ADDED,
                id,
                name,
                memberId,
                variables));
      }
    }
    if (RESYNC.equals(baseline) && membersNotCompared > 0)
      LOG.info(
          "Trigger '{}': the new baseline re-read {} group memberships; member changes made while"
              + " the delta link was invalid are not delivered",
          trigger.name(),
          membersNotCompared);
    return out;
  }

  private Candidate group(
      EventKind kind, String id, String name, String change, Map<String, Object> extra) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(TriggerEvent.GROUP_ID, id);
    variables.put("group", name);
    variables.putAll(extra);
    return new Candidate(
        kind, id, kind + "|" + change, id, variables, trigger.filter().matchesGroup(id, name));
  }

  // ----------------------------------------------------------------------------------------------
  // delivery

  /** An event before the trigger's selection and the round's repeats are applied. */
  private record Candidate(
      EventKind kind,
      String objectId,
      String change,
      String businessKey,
      Map<String, Object> variables,
      boolean passesFilter) {}

  private Poll deliver(List<Candidate> candidates, String roundId, boolean baseline) {
    int delivered = 0;
    int filtered = 0;
    int repeated = 0;
    Map<EventKind, Integer> skipped = new EnumMap<>(EventKind.class);
    List<String> skippedObjects = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!trigger.events().contains(c.kind())) continue;
      if (!c.passesFilter()) {
        filtered++;
        continue;
      }
      if (baseline) {
        skipped.merge(c.kind(), 1, Integer::sum);
        if (skippedObjects.size() < LOGGED_PER_PAGE)
          skippedObjects.add(c.kind() + " " + c.objectId());
        LOG.debug(
            "Trigger '{}': baseline, not delivered: {} of {}",
            trigger.name(),
            c.kind(),
            c.objectId());
        continue;
      }
      String id = hash(roundId + "|" + c.objectId() + "|" + c.change());
      if (!store.markDelivered(id, roundId)) {
        repeated++;
        continue;
      }
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put(TriggerEvent.EVENT_ID, id);
      variables.put(TriggerEvent.EVENT, c.kind().id());
      variables.put(TriggerEvent.TRIGGER, trigger.name());
      variables.put(TriggerEvent.CONNECTION, connection.name());
      variables.putAll(c.variables());
      sink.accept(
          new TriggerEvent(
              id,
              c.kind(),
              trigger.name(),
              trigger.messageName(c.kind()),
              c.objectId(),
              c.businessKey(),
              variables));
      delivered++;
    }
    int skippedCount = skipped.values().stream().mapToInt(Integer::intValue).sum();
    if (skippedCount > 0)
      LOG.warn(
          "ENTRAID-04002 Trigger '{}': {} changes found while recording a new baseline were not"
              + " delivered ({}), e.g. {}",
          trigger.name(),
          skippedCount,
          skipped,
          skippedObjects);
    return new Poll(0, 0, baseline, delivered, filtered, skippedCount, repeated);
  }

  // ----------------------------------------------------------------------------------------------
  // plumbing

  static String hash(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }

  private static Map<String, String> read(String json) {
    if (json == null) return null;
    try {
      return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable feed values: " + json, e);
    }
  }

  private static String write(Object values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain values", e);
    }
  }
}
