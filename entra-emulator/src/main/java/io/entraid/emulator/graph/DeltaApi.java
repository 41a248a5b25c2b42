package io.entraid.emulator.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.Directory;
import io.entraid.emulator.Faults;
import io.entraid.emulator.Schema;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /users/delta} and {@code /groups/delta} (user-delta.md, group-delta.md,
 * delta-query-overview.md). A round starts with the current change sequence; pages follow by {@code
 * $skiptoken} (all query options live in the token) until a page carries {@code @odata.deltaLink},
 * whose {@code $deltatoken} asks for changes after that sequence. Removed objects come as {@code
 * {"id","@removed":{"reason":"changed"|"deleted"}}}; group membership changes as {@code
 * members@delta}. {@code $deltatoken=latest} returns only a deltaLink.
 *
 * <p>Tokens that can no longer be served (invalidated by {@link Faults#expireDeltaTokens()}, older
 * than the tombstone horizon, or unreadable) answer 400 {@code syncStateNotFound} "The sync state
 * generation is not found. The delta token is expired and data must be synchronized again." - what
 * Microsoft announced for identity resources (devblogs.microsoft.com/microsoft365dev "Duration of
 * change tracking tokens for identity and education resources", 2020-07-03). With {@link
 * Faults#deltaExpiredStatus(int)} 410 the generic documented form is used instead: 410 Gone, {@code
 * resyncRequired}, and a {@code Location} to restart from (delta-query-overview.md).
 */
final class DeltaApi {
  private static final Pattern MAX_PAGE =
      Pattern.compile("odata\\.maxpagesize\\s*=\\s*(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DEC = Base64.getUrlDecoder();

  private final String base;
  private final Faults faults;

  DeltaApi(String base, Faults faults) {
    this.base = base;
    this.faults = faults;
  }

  /**
   * Where a round stands: changes after {@code since}; the round's deltaLink will continue after
   * {@code upTo}.
   */
  private record State(
      long epoch,
      Directory.Kind kind,
      long since,
      long upTo,
      int phase,
      String afterId,
      String select) {
    String encode() {
      String raw =
          String.join(
              "\n",
              "d1",
              Long.toString(epoch),
              kind.name(),
              Long.toString(since),
              Long.toString(upTo),
              Integer.toString(phase),
              afterId == null ? "" : afterId,
              select == null ? "\u0000" : select);
      return ENC.encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static State decode(String token) {
      try {
        String[] p = new String(DEC.decode(token), StandardCharsets.UTF_8).split("\n", -1);
        if (p.length != 8 || !p[0].equals("d1")) {
          return null;
        }
        return new State(
            Long.parseLong(p[1]),
            Directory.Kind.valueOf(p[2]),
            Long.parseLong(p[3]),
            Long.parseLong(p[4]),
            Integer.parseInt(p[5]),
            p[6].isEmpty() ? null : p[6],
            p[7].equals("\u0000") ? null : p[7]);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }

  ApiResponse handle(ApiRequest req, Directory dir, Directory.Kind kind) {
    Map<String, String> q = req.query();
    for (String name : q.keySet()) {
      if (!List.of("$select", "$deltatoken", "$skiptoken").contains(name)) {
        // Graph also accepts $filter=id eq '...' here; the emulator does not, and says so rather
        // than ignore it.
        throw new GraphError(
            400,
            "BadRequest",
            "Query option '" + name + "' is not supported on delta by the Entra emulator.");
      }
    }
    String set = kind == Directory.Kind.USER ? "users" : "groups";
    Schema schema = kind == Directory.Kind.USER ? Schema.USER : Schema.GROUP;
    State state;
    if (q.containsKey("$skiptoken")
        || (q.containsKey("$deltatoken") && !q.get("$deltatoken").equals("latest"))) {
      boolean skip = q.containsKey("$skiptoken");
      State old = State.decode(skip ? q.get("$skiptoken") : q.get("$deltatoken"));
      boolean tooOld =
          old != null
              && (skip
                  ? old.since() > 0 && old.since() < dir.deltaHorizon()
                  : old.upTo() < dir.deltaHorizon());
      if (old == null || old.kind() != kind || old.epoch() != faults.deltaEpoch() || tooOld) {
        throw expired(set, old);
      }
      state =
          skip
              ? old
              : new State(
                  old.epoch(), kind, old.upTo(), dir.changeSequence(), 0, null, old.select());
    } else {
      String select = normalizeSelect(q.get("$select"), schema, kind);
      state = new State(faults.deltaEpoch(), kind, 0, dir.changeSequence(), 0, null, select);
      if ("latest".equals(q.get("$deltatoken"))) {
        State latest = new State(state.epoch(), kind, 0, dir.changeSequence(), 0, null, select);
        return page(dir, set, state, List.of(), null, latest, 0);
      }
    }
    int pageSize = Math.min(pageSize(req), faults.maxDeltaPageSize());
    List<String> select = state.select() == null ? null : List.of(state.select().split(","));
    boolean withMembers =
        kind == Directory.Kind.GROUP && (select == null || select.contains("members"))
            || kind == Directory.Kind.USER && select != null && select.contains("manager");
    List<Directory.Change> out = new ArrayList<>();
    int phase = state.phase();
    String after = state.afterId();
    String resumedGroup = null;
    int resumedPart = 0;
    int hash = after == null ? -1 : after.indexOf('#');
    if (hash > 0) { // "groupId#k": continue that group's members@delta with part k
      resumedGroup = after.substring(0, hash);
      resumedPart = Integer.parseInt(after.substring(hash + 1));
      after = justBefore(resumedGroup);
    }
    while (phase <= 1 && out.size() <= pageSize) {
      int need = pageSize + 1 - out.size();
      List<Directory.Change> got =
          dir.changes(kind, phase == 1, state.since(), after, need, withMembers);
      out.addAll(got);
      if (got.size() < need) {
        phase++;
        after = null;
      }
    }
    int partSize = faults.deltaMembersPerPart();
    List<Directory.Change> items = new ArrayList<>();
    State next = null;
    for (int i = 0; i < out.size(); i++) {
      Directory.Change c = out.get(i);
      List<Directory.MemberChange> m = c.members();
      if (c.object() != null && m != null && m.size() > partSize) {
        // A large group fills a page of its own with one part of its members@delta; the next page
        // repeats it
        // with the next part (delta-query-groups.md "Paging through members in a large group").
        if (!items.isEmpty()) {
          next = after(state, items.get(items.size() - 1));
          break;
        }
        int part = c.id().equals(resumedGroup) ? resumedPart : 0;
        int to = Math.min(m.size(), (part + 1) * partSize);
        items.add(new Directory.Change(c.id(), c.object(), null, m.subList(part * partSize, to)));
        boolean lastChange = i == out.size() - 1 && out.size() <= pageSize;
        next =
            to < m.size()
                ? new State(
                    state.epoch(),
                    kind,
                    state.since(),
                    state.upTo(),
                    0,
                    c.id() + "#" + (part + 1),
                    state.select())
                : lastChange ? null : after(state, c);
        break;
      }
      if (items.size() == pageSize) {
        next = after(state, items.get(items.size() - 1));
        break;
      }
      items.add(c);
    }
    long minimalSince = minimal(req) ? state.since() : 0;
    if (next != null) {
      return page(dir, set, state, items, next, null, minimalSince);
    }
    out = items;
    State done =
        new State(state.epoch(), kind, state.upTo(), state.upTo(), 0, null, state.select());
    return page(dir, set, state, out, null, done, minimalSince);
  }

  /** The state that continues after {@code last}. */
  private static State after(State state, Directory.Change last) {
    return new State(
        state.epoch(),
        state.kind(),
        state.since(),
        state.upTo(),
        last.object() == null ? 1 : 0,
        last.id(),
        state.select());
  }

  /**
   * A key just below {@code id} in the directory's id order, so that a listing "after" it starts
   * with {@code id}.
   */
  private static String justBefore(String id) {
    return id.substring(0, id.length() - 1) + (char) (id.charAt(id.length() - 1) - 1) + "\uffff";
  }

  /**
   * user-delta.md / group-delta.md: {@code Prefer: return=minimal} asks for only the changed
   * properties.
   */
  private static boolean minimal(ApiRequest req) {
    String prefer = req.header("Prefer");
    return prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains("return=minimal");
  }

  /**
   * @param minimalSince for {@code return=minimal} on a delta link: objects that existed at this
   *     sequence carry only id and the properties changed since; 0 renders every selected property
   */
  private ApiResponse page(
      Directory dir,
      String set,
      State state,
      List<Directory.Change> changes,
      State next,
      State deltaLink,
      long minimalSince) {
    String select = state.select();
    ObjectNode body = Json.object();
    body.put(
        "@odata.context",
        base + "/v1.0/$metadata#" + set + (select == null ? "" : "(" + select + ")"));
    String url = base + "/v1.0/" + set + "/delta?";
    if (next != null) {
      body.put("@odata.nextLink", url + "$skiptoken=" + next.encode());
    } else {
      body.put("@odata.deltaLink", url + "$deltatoken=" + deltaLink.encode());
    }
    List<String> names = select == null ? null : new ArrayList<>(List.of(select.split(",")));
    boolean withManager = names != null && names.remove("manager");
    if (names != null) {
      names.remove("members");
    }
    ArrayNode value = body.putArray("value");
    for (Directory.Change c : changes) {
      ObjectNode item;
      if (c.object() == null) {
        item = Json.object().put("id", c.id());
        item.putObject("@removed").put("reason", c.removedReason());
      } else {
        item = Json.object();
        List<String> shown = names;
        java.util.Set<String> changed =
            minimalSince > 0 ? c.object().changedSince(minimalSince) : null;
        if (changed != null) {
          shown =
              (names == null ? JsonView.defaultNames(c.object()) : names)
                  .stream().filter(changed::contains).toList();
        }
        if (shown != null) {
          item.put("id", c.id());
        }
        item.setAll(JsonView.render(c.object(), shown, false));
        if (withManager) {
          // delta-query-users.md: $select=manager tracks the relationship as manager@delta
          List<Directory.MemberChange> manager = dir.managerDelta(c.id(), state.since());
          if (!manager.isEmpty()) {
            ObjectNode e =
                item.putArray("manager@delta")
                    .addObject()
                    .put("@odata.type", "#microsoft.graph.user")
                    .put("id", manager.get(0).id());
            if (manager.get(0).removed()) {
              e.putObject("@removed").put("reason", "deleted");
            }
          }
        }
        if (c.members() != null && !c.members().isEmpty()) {
          ArrayNode m = item.putArray("members@delta");
          for (Directory.MemberChange mc : c.members()) {
            ObjectNode e =
                m.addObject()
                    .put(
                        "@odata.type",
                        mc.kind() == Directory.Kind.USER
                            ? "#microsoft.graph.user"
                            : "#microsoft.graph.group")
                    .put("id", mc.id());
            if (mc.removed()) {
              e.putObject("@removed").put("reason", "deleted");
            }
          }
        }
      }
      value.add(item);
    }
    return ApiResponse.odata(200, Json.bytes(body));
  }

  private GraphError expired(String set, State old) {
    if (faults.deltaExpiredStatus() == 410) {
      String restart =
          base
              + "/v1.0/"
              + set
              + "/delta"
              + (old != null && old.select() != null ? "?$select=" + old.select() : "");
      return new GraphError(
              410,
              "resyncRequired",
              "The delta token is no longer valid, and the app must reset the sync state.")
          .header("Location", restart);
    }
    return new GraphError(
        400,
        "syncStateNotFound",
        "The sync state generation is not found. The delta token is expired and data must be synchronized again.");
  }

  private static String normalizeSelect(String raw, Schema schema, Directory.Kind kind) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    List<String> names = new ArrayList<>();
    for (String n : raw.split(",")) {
      String name = n.trim();
      if (kind == Directory.Kind.GROUP && name.equalsIgnoreCase("members")) {
        names.add("members");
        continue;
      }
      if (kind == Directory.Kind.USER && name.equalsIgnoreCase("manager")) {
        if (!names.contains("manager")) {
          names.add("manager");
        }
        continue;
      }
      Schema.Property p = schema.property(name);
      if (p == null) {
        throw new GraphError(
            400,
            "BadRequest",
            "Could not find a property named '" + name + "' on type '" + schema.typeName() + "'.");
      }
      if (!names.contains(p.name())) {
        names.add(p.name());
      }
    }
    return String.join(",", names);
  }

  /**
   * {@code Prefer: odata.maxpagesize=N} is honoured for delta (delta-query-overview.md); default
   * 100.
   */
  private static int pageSize(ApiRequest req) {
    String prefer = req.header("Prefer");
    if (prefer != null) {
      Matcher m = MAX_PAGE.matcher(prefer);
      if (m.find()) {
        return Math.max(1, Math.min(999, Integer.parseInt(m.group(1))));
      }
    }
    return ODataQuery.DEFAULT_PAGE;
  }
}
