package io.entraid.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.entraid.emulator.graph.GraphError;
import io.entraid.emulator.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One tenant's directory: users, groups, memberships (users and nested groups), managers and
 * deleted items. Thread-safe (one read-write lock); objects handed out are immutable snapshots.
 *
 * <p>Deletion follows Entra: users and Microsoft 365 groups are soft-deleted into deleted items
 * (restorable); security groups are deleted permanently (directory-deleteditems-restore.md:
 * "security groups cannot be restored").
 *
 * <p>Delta bookkeeping: every change takes the next value of a per-tenant change sequence; objects
 * remember the sequence of their last change, membership links the sequence of their addition.
 * Removals leave tombstones (objects, and members removed from groups). Tombstones are capped;
 * dropping the oldest raises the "horizon" below which delta tokens can no longer be answered (410,
 * full resync) - the same contract Graph has with token expiry. Validation failures throw {@link
 * GraphError} with Graph's codes and messages.
 */
public final class Directory {
  static final int TOMBSTONE_CAP = 100_000;

  public enum Kind {
    USER,
    GROUP
  }

  /** Which objects a listing covers. */
  public enum Relation {
    ALL,
    DELETED,
    MEMBERS,
    TRANSITIVE_MEMBERS,
    MEMBER_OF,
    TRANSITIVE_MEMBER_OF
  }

  /** A listing: all users, deleted groups, members of group X, groups user X is a member of, ... */
  public record Source(Kind kind, Relation relation, String anchorId) {
    public static Source users() {
      return new Source(Kind.USER, Relation.ALL, null);
    }

    public static Source groups() {
      return new Source(Kind.GROUP, Relation.ALL, null);
    }
  }

  /**
   * One entry of a delta page: a current object, or a removed one ({@code removedReason}
   * "changed"/"deleted").
   */
  public record Change(
      String id, DirectoryObject object, String removedReason, List<MemberChange> members) {}

  /** One {@code members@delta} entry. */
  public record MemberChange(String id, Kind kind, boolean removed) {}

  /**
   * A user's manager as of sequence {@code seq}: {@code managerId} now (null once removed), {@code
   * previousId} before.
   */
  private record ManagerChange(String managerId, String previousId, long seq) {}

  private record Tombstone(String reason, long seq) {}

  private record TombstoneRef(Kind kind, String groupId, String id, long seq) {}

  /**
   * The characters user-post-users.md allows before the @ of a userPrincipalName: A-Z a-z 0-9 ' . -
   * _ ! # ^ ~ (no spaces, quotes or non-ASCII letters such as ü).
   */
  private static final java.util.regex.Pattern UPN_LOCAL =
      java.util.regex.Pattern.compile("[A-Za-z0-9'._!#^~-]{1,64}");

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<String> verifiedDomains = new LinkedHashSet<>();
  private final Random idRandom;
  private long seq;
  private long horizon;

  private final TreeMap<String, User> users = new TreeMap<>();
  private final Map<String, String> upnIndex = new HashMap<>();
  private final TreeMap<String, Group> groups = new TreeMap<>();
  private final TreeMap<String, User> deletedUsers = new TreeMap<>();
  private final TreeMap<String, Group> deletedGroups = new TreeMap<>();

  /** group id -> member id -> sequence of the addition. */
  private final Map<String, TreeMap<String, Long>> members = new HashMap<>();

  /** member id -> ids of the groups it is a direct member of. */
  private final Map<String, Set<String>> memberOf = new HashMap<>();

  private final Map<String, String> managers = new HashMap<>();

  /** user id -> its last manager change, for users/delta's {@code manager@delta}. */
  private final Map<String, ManagerChange> managerChanges = new HashMap<>();

  private final Map<String, Set<String>> owners = new HashMap<>();

  /** group id -> sequence of its last membership change. */
  private final Map<String, Long> memberChangeSeq = new HashMap<>();

  private final TreeMap<String, Tombstone> userTombstones = new TreeMap<>();
  private final TreeMap<String, Tombstone> groupTombstones = new TreeMap<>();
  private final Map<String, TreeMap<String, Long>> removedMembers = new HashMap<>();
  private final ArrayDeque<TombstoneRef> tombstoneOrder = new ArrayDeque<>();

  /**
   * An empty directory whose users must have UPNs in {@code domain}; ids drawn from {@code
   * idRandom}.
   */
  public Directory(String domain, Random idRandom) {
    this.verifiedDomains.add(domain.toLowerCase(Locale.ROOT));
    this.idRandom = idRandom;
  }

  static Directory seeded(int users, int groups, long seed, String domain) {
    Directory d = new Directory(domain, new Random(seed));
    new DirectorySeeder(d, seed, domain).seed(users, groups);
    return d;
  }

  /** Loads a directory from JSON; see {@link DirectoryJson} for the format. */
  public static Directory load(Path file) {
    try {
      return DirectoryJson.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load directory " + file, e);
    }
  }

  /** Writes this directory as JSON (see {@link DirectoryJson}). */
  public void save(Path file) {
    try {
      DirectoryJson.save(this, file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save directory " + file, e);
    }
  }

  public Set<String> verifiedDomains() {
    return read(() -> Set.copyOf(verifiedDomains));
  }

  public void addVerifiedDomain(String domain) {
    write(() -> verifiedDomains.add(domain.toLowerCase(Locale.ROOT)));
  }

  public String defaultDomain() {
    return read(() -> verifiedDomains.iterator().next());
  }

  // ------------------------------------------------------------------ lookups

  public int userCount() {
    return read(users::size);
  }

  public int groupCount() {
    return read(groups::size);
  }

  /** An active user by object id or userPrincipalName (case-insensitive). */
  public Optional<User> user(String idOrUpn) {
    return read(() -> Optional.ofNullable(findUser(idOrUpn)));
  }

  public Optional<Group> group(String id) {
    return read(
        () -> Optional.ofNullable(id == null ? null : groups.get(id.toLowerCase(Locale.ROOT))));
  }

  /** The first active group with this display name (case-insensitive). */
  public Optional<Group> groupByName(String displayName) {
    return read(
        () ->
            groups.values().stream()
                .filter(g -> displayName.equalsIgnoreCase(g.displayName()))
                .findFirst());
  }

  /** An active user or group by id. */
  public Optional<DirectoryObject> object(String id) {
    return read(() -> Optional.ofNullable(active(id)));
  }

  public Optional<DirectoryObject> deletedItem(String id) {
    return read(
        () -> {
          String key = id.toLowerCase(Locale.ROOT);
          DirectoryObject o = deletedUsers.get(key);
          return Optional.ofNullable(o != null ? o : deletedGroups.get(key));
        });
  }

  /** All active users in id order (a snapshot). */
  public List<User> users() {
    return read(() -> List.copyOf(users.values()));
  }

  public List<Group> groups() {
    return read(() -> List.copyOf(groups.values()));
  }

  public List<User> deletedUsers() {
    return read(() -> List.copyOf(deletedUsers.values()));
  }

  public List<Group> deletedGroups() {
    return read(() -> List.copyOf(deletedGroups.values()));
  }

  /** Ids of the active direct members of a group, in id order. */
  public List<String> memberIds(String groupId) {
    return read(
        () -> new ArrayList<>(relationIds(new Source(Kind.GROUP, Relation.MEMBERS, groupId))));
  }

  public Set<String> transitiveMemberIds(String groupId) {
    return read(() -> relationIds(new Source(Kind.GROUP, Relation.TRANSITIVE_MEMBERS, groupId)));
  }

  /** Ids of the active groups an object is a direct member of. */
  public Set<String> memberOfIds(String objectId) {
    return read(() -> relationIds(new Source(Kind.GROUP, Relation.MEMBER_OF, objectId)));
  }

  public Set<String> transitiveMemberOfIds(String objectId) {
    return read(() -> relationIds(new Source(Kind.GROUP, Relation.TRANSITIVE_MEMBER_OF, objectId)));
  }

  public Optional<User> manager(String userIdOrUpn) {
    return read(
        () -> {
          User u = requireUser(userIdOrUpn);
          String m = managers.get(u.id());
          return Optional.ofNullable(m == null ? null : users.get(m));
        });
  }

  /** The current change sequence (highest value handed out). */
  public long changeSequence() {
    return read(() -> seq);
  }

  /** Delta tokens older than this sequence cannot be answered any more. */
  public long deltaHorizon() {
    return read(() -> horizon);
  }

  // ------------------------------------------------------------------ listings (paging by object
  // id)

  /**
   * Up to {@code limit} objects of {@code source} with ids after {@code afterId} (null: from the
   * start) that pass {@code filter}, in id order. Memory is bounded by the limit (relations: by the
   * relation's size).
   */
  public List<DirectoryObject> list(
      Source source, String afterId, Predicate<? super DirectoryObject> filter, int limit) {
    return read(
        () -> {
          List<DirectoryObject> out = new ArrayList<>();
          for (DirectoryObject o : iterable(source, afterId)) {
            if (out.size() >= limit) {
              break;
            }
            if (o != null && filter.test(o)) {
              out.add(o);
            }
          }
          return out;
        });
  }

  /** Visits every object of {@code source} in id order until the visitor returns false. */
  public void scan(Source source, Predicate<? super DirectoryObject> visitor) {
    read(
        () -> {
          for (DirectoryObject o : iterable(source, null)) {
            if (o != null && !visitor.test(o)) {
              break;
            }
          }
          return null;
        });
  }

  public int count(Source source, Predicate<? super DirectoryObject> filter) {
    int[] n = {0};
    scan(
        source,
        o -> {
          if (filter.test(o)) {
            n[0]++;
          }
          return true;
        });
    return n[0];
  }

  /**
   * Lazily maps ids to objects; null entries (inactive) are skipped by callers. Caller holds the
   * read lock.
   */
  private Iterable<? extends DirectoryObject> iterable(Source s, String afterId) {
    NavigableMap<String, ? extends DirectoryObject> base =
        switch (s.relation()) {
          case ALL -> s.kind() == Kind.USER ? users : groups;
          case DELETED -> s.kind() == Kind.USER ? deletedUsers : deletedGroups;
          default -> null;
        };
    if (base != null) {
      return afterId == null ? base.values() : base.tailMap(afterId, false).values();
    }
    TreeSet<String> ids = relationIds(s);
    Collection<String> tail = afterId == null ? ids : ids.tailSet(afterId, false);
    return () -> tail.stream().map(this::active).iterator();
  }

  private TreeSet<String> relationIds(Source s) {
    String anchor = s.anchorId() == null ? null : s.anchorId().toLowerCase(Locale.ROOT);
    TreeSet<String> out = new TreeSet<>();
    switch (s.relation()) {
      case MEMBERS -> {
        TreeMap<String, Long> m = members.get(anchor);
        if (m != null) {
          m.keySet().stream().filter(id -> active(id) != null).forEach(out::add);
        }
      }
      case TRANSITIVE_MEMBERS -> {
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(anchor));
        Set<String> seenGroups = new HashSet<>(todo);
        while (!todo.isEmpty()) {
          TreeMap<String, Long> m = members.get(todo.poll());
          if (m == null) {
            continue;
          }
          for (String id : m.keySet()) {
            if (active(id) == null) {
              continue;
            }
            out.add(id);
            if (groups.containsKey(id) && seenGroups.add(id)) {
              todo.add(id);
            }
          }
        }
        out.remove(anchor);
      }
      case MEMBER_OF ->
          memberOf.getOrDefault(anchor, Set.of()).stream()
              .filter(groups::containsKey)
              .forEach(out::add);
      case TRANSITIVE_MEMBER_OF -> {
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(anchor));
        while (!todo.isEmpty()) {
          for (String g : memberOf.getOrDefault(todo.poll(), Set.of())) {
            if (groups.containsKey(g) && out.add(g)) {
              todo.add(g);
            }
          }
        }
        out.remove(anchor);
      }
      default -> throw new IllegalArgumentException(s.toString());
    }
    return out;
  }

  // ------------------------------------------------------------------ users

  /** A user with accountEnabled=true and mailNickname from the UPN. */
  public User createUser(String userPrincipalName, String displayName) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("userPrincipalName", userPrincipalName);
    p.put("displayName", displayName);
    p.put("accountEnabled", true);
    p.put(
        "mailNickname",
        userPrincipalName.contains("@")
            ? userPrincipalName.substring(0, userPrincipalName.indexOf('@'))
            : userPrincipalName);
    return createUser(p);
  }

  /**
   * Creates a user from Graph property names. Required as in user-post-users.md: accountEnabled,
   * displayName, mailNickname, userPrincipalName (passwordProfile is checked by the Graph layer; it
   * is never stored). "id" and "createdDateTime" may be given (loading, seeding).
   */
  public User createUser(Map<String, Object> properties) {
    return write(
        () -> {
          Map<String, Object> p = normalize(Schema.USER, properties);
          for (String required :
              List.of("accountEnabled", "displayName", "mailNickname", "userPrincipalName")) {
            if (p.get(required) == null || "".equals(p.get(required))) {
              throw GraphError.badRequest(
                  "Property " + required + " value is required but is empty or missing.");
            }
          }
          String upn = checkUpn((String) p.get("userPrincipalName"), null);
          p.put("userPrincipalName", upn);
          String id = newId((String) p.get("id"));
          p.put("id", id);
          p.putIfAbsent("createdDateTime", now());
          p.putIfAbsent("userType", "Member");
          p.putIfAbsent("businessPhones", List.of());
          p.remove("deletedDateTime");
          User u = new User(values(Schema.USER, p), ++seq);
          users.put(id, u);
          upnIndex.put(upn.toLowerCase(Locale.ROOT), id);
          userTombstones.remove(id);
          return u;
        });
  }

  /** Applies property changes (Graph names) to an active user; returns the new snapshot. */
  public User updateUser(String idOrUpn, Map<String, Object> changes) {
    return write(
        () -> {
          User u = requireUser(idOrUpn);
          Map<String, Object> c = normalize(Schema.USER, changes);
          for (String k : List.of("id", "createdDateTime", "deletedDateTime")) {
            if (c.containsKey(k)) {
              throw GraphError.badRequest("Property '" + k + "' is read-only and cannot be set.");
            }
          }
          for (String required :
              List.of("accountEnabled", "displayName", "mailNickname", "userPrincipalName")) {
            if (c.containsKey(required)
                && (c.get(required) == null || "".equals(c.get(required)))) {
              throw invalidValue(Schema.USER, required);
            }
          }
          if (c.containsKey("userPrincipalName")) {
            String upn = checkUpn((String) c.get("userPrincipalName"), u.id());
            c.put("userPrincipalName", upn);
            upnIndex.remove(u.userPrincipalName().toLowerCase(Locale.ROOT));
            upnIndex.put(upn.toLowerCase(Locale.ROOT), u.id());
          }
          User updated = (User) u.with(c, ++seq);
          users.put(u.id(), updated);
          return updated;
        });
  }

  /**
   * Soft delete: the user moves to deleted items (memberships are kept for a restore). As in Entra,
   * the deleted user's userPrincipalName gets its object id (without dashes) as prefix, which frees
   * the name for a new user (observed and relied on by Microsoft's scripts; see restoreUser in the
   * emulator README).
   */
  public void deleteUser(String idOrUpn) {
    write(
        () -> {
          User u = requireUser(idOrUpn);
          users.remove(u.id());
          upnIndex.remove(u.userPrincipalName().toLowerCase(Locale.ROOT));
          long s = ++seq;
          deletedUsers.put(
              u.id(),
              (User)
                  u.with(
                      Map.of(
                          "deletedDateTime",
                          now(),
                          "userPrincipalName",
                          u.id().replace("-", "") + u.userPrincipalName()),
                      s));
          tombstone(Kind.USER, null, u.id(), "changed", s);
          return null;
        });
  }

  public DirectoryObject restore(String id) {
    return restore(id, null);
  }

  /**
   * Restores a soft-deleted user or Microsoft 365 group; returns it. A user gets back the name it
   * had, or {@code newUserPrincipalName} (directory-deleteditems-restore.md); a name another user
   * took meanwhile is a conflict.
   */
  public DirectoryObject restore(String id, String newUserPrincipalName) {
    return write(
        () -> {
          String key = id.toLowerCase(Locale.ROOT);
          User u = deletedUsers.get(key);
          if (u != null) {
            String prefix = u.id().replace("-", "");
            String name = u.userPrincipalName();
            String upn =
                newUserPrincipalName != null
                    ? newUserPrincipalName
                    : name.startsWith(prefix) ? name.substring(prefix.length()) : name;
            upn = checkUpn(upn, u.id());
            deletedUsers.remove(key);
            Map<String, Object> clear = new HashMap<>();
            clear.put("deletedDateTime", null);
            clear.put("userPrincipalName", upn);
            User restored = (User) u.with(clear, ++seq);
            users.put(key, restored);
            upnIndex.put(restored.userPrincipalName().toLowerCase(Locale.ROOT), key);
            userTombstones.remove(key);
            return restored;
          }
          Group g = deletedGroups.remove(key);
          if (g != null) {
            Map<String, Object> clear = new HashMap<>();
            clear.put("deletedDateTime", null);
            Group restored = (Group) g.with(clear, ++seq);
            groups.put(key, restored);
            groupTombstones.remove(key);
            return restored;
          }
          throw GraphError.notFound(id);
        });
  }

  /** Permanent deletion of an active or soft-deleted user or group; removes its memberships. */
  public void hardDelete(String id) {
    write(
        () -> {
          String key = id.toLowerCase(Locale.ROOT);
          User u = users.remove(key);
          if (u == null) {
            u = deletedUsers.remove(key);
          } else {
            upnIndex.remove(u.userPrincipalName().toLowerCase(Locale.ROOT));
          }
          if (u != null) {
            long s = ++seq;
            dropRelations(key, s);
            managers.remove(key);
            managerChanges.remove(key);
            managers.values().removeIf(key::equals);
            tombstone(Kind.USER, null, key, "deleted", s);
            return null;
          }
          Group g = groups.remove(key);
          if (g == null) {
            g = deletedGroups.remove(key);
          }
          if (g != null) {
            hardDeleteGroupRelations(key);
            return null;
          }
          throw GraphError.notFound(id);
        });
  }

  private void hardDeleteGroupRelations(String key) {
    owners.remove(key);
    long s = ++seq;
    dropRelations(key, s);
    TreeMap<String, Long> m = members.remove(key);
    if (m != null) {
      for (String member : m.keySet()) {
        Set<String> of = memberOf.get(member);
        if (of != null) {
          of.remove(key);
          if (of.isEmpty()) {
            memberOf.remove(member);
          }
        }
      }
    }
    removedMembers.remove(key);
    memberChangeSeq.remove(key);
    tombstone(Kind.GROUP, null, key, "deleted", s);
  }

  /**
   * Removes {@code id} from every group it is a member of (recording member removals for group
   * delta).
   */
  private void dropRelations(String id, long s) {
    Set<String> of = memberOf.remove(id);
    if (of != null) {
      for (String g : of) {
        TreeMap<String, Long> m = members.get(g);
        if (m != null && m.remove(id) != null) {
          memberRemoved(g, id, s);
        }
      }
    }
  }

  // ------------------------------------------------------------------ managers

  public void setManager(String userIdOrUpn, String managerId) {
    write(
        () -> {
          User u = requireUser(userIdOrUpn);
          User m = requireUser(managerId);
          if (m.id().equals(u.id())) {
            throw GraphError.badRequest("A user cannot be their own manager.");
          }
          String previous = managers.put(u.id(), m.id());
          if (!m.id().equals(previous))
            managerChanges.put(u.id(), new ManagerChange(m.id(), previous, ++seq));
          return null;
        });
  }

  /**
   * Removes the manager; 404 when the user has none (as Graph answers DELETE manager/$ref then).
   */
  public void removeManager(String userIdOrUpn) {
    write(
        () -> {
          User u = requireUser(userIdOrUpn);
          String previous = managers.remove(u.id());
          if (previous == null) {
            throw GraphError.notFound(u.id());
          }
          managerChanges.put(u.id(), new ManagerChange(null, previous, ++seq));
          return null;
        });
  }

  /** Ids of the active users whose manager is {@code userId}, in id order. */
  public List<String> directReportIds(String userId) {
    return read(
        () ->
            managers.entrySet().stream()
                .filter(e -> e.getValue().equals(userId.toLowerCase(Locale.ROOT)))
                .map(Map.Entry::getKey)
                .filter(users::containsKey)
                .sorted()
                .toList());
  }

  // ------------------------------------------------------------------ owners

  /** Ids of a group's active owners, in id order. */
  public List<String> ownerIds(String groupId) {
    return read(
        () ->
            owners.getOrDefault(requireGroup(groupId).id(), Set.of()).stream()
                .filter(id -> active(id) != null)
                .sorted()
                .toList());
  }

  /**
   * Adds an owner (a user); 404 if either is missing, 400 if already an owner
   * (group-post-owners.md).
   */
  public void addOwner(String groupId, String ownerId) {
    write(
        () -> {
          Group g = requireGroup(groupId);
          User u = requireUser(ownerId);
          if (!owners.computeIfAbsent(g.id(), k -> new HashSet<>()).add(u.id())) {
            throw GraphError.badRequest(
                "One or more added object references already exist for the following"
                    + " modified properties: 'owners'.");
          }
          return null;
        });
  }

  /** Removes an owner; 404 when it is not one. */
  public void removeOwner(String groupId, String ownerId) {
    write(
        () -> {
          Group g = requireGroup(groupId);
          Set<String> o = owners.get(g.id());
          if (o == null || !o.remove(ownerId.toLowerCase(Locale.ROOT))) {
            throw GraphError.notFound(ownerId);
          }
          return null;
        });
  }

  // ------------------------------------------------------------------ groups

  /**
   * A security group (securityEnabled, not mail-enabled) with a mailNickname derived from the name.
   */
  public Group createGroup(String displayName) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("displayName", displayName);
    p.put("mailEnabled", false);
    p.put("securityEnabled", true);
    p.put("mailNickname", displayName.replaceAll("[^A-Za-z0-9]", ""));
    return createGroup(p);
  }

  /**
   * Creates a group; required as in group-post-groups.md: displayName, mailEnabled, mailNickname,
   * securityEnabled.
   */
  public Group createGroup(Map<String, Object> properties) {
    return write(
        () -> {
          Map<String, Object> p = normalize(Schema.GROUP, properties);
          for (String required :
              List.of("displayName", "mailEnabled", "mailNickname", "securityEnabled")) {
            if (p.get(required) == null || "".equals(p.get(required))) {
              throw GraphError.badRequest(
                  "Property " + required + " value is required but is empty or missing.");
            }
          }
          String id = newId((String) p.get("id"));
          p.put("id", id);
          p.putIfAbsent("createdDateTime", now());
          p.putIfAbsent("groupTypes", List.of());
          p.remove("deletedDateTime");
          @SuppressWarnings("unchecked")
          boolean unified =
              ((List<String>) p.get("groupTypes")).stream().anyMatch("Unified"::equalsIgnoreCase);
          if (unified) {
            p.putIfAbsent("mail", p.get("mailNickname") + "@" + verifiedDomains.iterator().next());
            p.putIfAbsent("visibility", "Public");
          }
          Group g = new Group(values(Schema.GROUP, p), ++seq);
          groups.put(id, g);
          groupTombstones.remove(id);
          return g;
        });
  }

  public Group updateGroup(String id, Map<String, Object> changes) {
    return write(
        () -> {
          Group g = requireGroup(id);
          Map<String, Object> c = normalize(Schema.GROUP, changes);
          for (String k : List.of("id", "createdDateTime", "deletedDateTime")) {
            if (c.containsKey(k)) {
              throw GraphError.badRequest("Property '" + k + "' is read-only and cannot be set.");
            }
          }
          if (c.containsKey("displayName")
              && (c.get("displayName") == null || "".equals(c.get("displayName")))) {
            throw invalidValue(Schema.GROUP, "displayName");
          }
          Group updated = (Group) g.with(c, ++seq);
          groups.put(g.id(), updated);
          return updated;
        });
  }

  /** Microsoft 365 groups go to deleted items; security groups are deleted permanently. */
  public void deleteGroup(String id) {
    write(
        () -> {
          Group g = requireGroup(id);
          if (g.unified()) {
            groups.remove(g.id());
            long s = ++seq;
            deletedGroups.put(g.id(), (Group) g.with(Map.of("deletedDateTime", now()), s));
            tombstone(Kind.GROUP, null, g.id(), "changed", s);
          } else {
            groups.remove(g.id());
            hardDeleteGroupRelations(g.id());
          }
          return null;
        });
  }

  /** Adds a direct member (user or group); 404 if either is missing, 400 if already a member. */
  public void addMember(String groupId, String memberId) {
    addMembers(groupId, List.of(memberId));
  }

  /**
   * Adds members all-or-nothing (as {@code members@odata.bind} does): any missing object, existing
   * member or duplicate id fails the whole call and nothing is added.
   */
  public void addMembers(String groupId, List<String> memberIds) {
    write(
        () -> {
          Group g = requireGroup(groupId);
          TreeMap<String, Long> m = members.getOrDefault(g.id(), new TreeMap<>());
          Set<String> seen = new HashSet<>();
          List<String> keys = new ArrayList<>();
          for (String raw : memberIds) {
            String id = raw.toLowerCase(Locale.ROOT);
            if (!seen.add(id)) {
              // Observed text for a reference listed twice in one request [wording partly
              // unverified].
              throw GraphError.badRequest(
                  "The reference '"
                      + raw
                      + "' for property 'members' can only be present once as an add/remove change.");
            }
            DirectoryObject o = active(id);
            if (o == null) {
              throw GraphError.notFound(raw);
            }
            if (o instanceof Group && g.id().equals(id)) {
              throw GraphError.badRequest("A group cannot be a member of itself.");
            }
            if (m.containsKey(id)) {
              throw GraphError.badRequest(
                  "One or more added object references already exist for the following modified properties: 'members'.");
            }
            keys.add(id);
          }
          long s = ++seq;
          members.put(g.id(), m);
          for (String id : keys) {
            m.put(id, s);
            memberOf.computeIfAbsent(id, k -> new HashSet<>()).add(g.id());
            TreeMap<String, Long> removed = removedMembers.get(g.id());
            if (removed != null) {
              removed.remove(id);
            }
          }
          memberChangeSeq.put(g.id(), s);
          return null;
        });
  }

  /** Removes a direct member; 404 when it is not one. */
  public void removeMember(String groupId, String memberId) {
    write(
        () -> {
          Group g = requireGroup(groupId);
          String id = memberId.toLowerCase(Locale.ROOT);
          TreeMap<String, Long> m = members.get(g.id());
          if (m == null || m.remove(id) == null) {
            throw GraphError.notFound(memberId);
          }
          Set<String> of = memberOf.get(id);
          if (of != null) {
            of.remove(g.id());
            if (of.isEmpty()) {
              memberOf.remove(id);
            }
          }
          memberRemoved(g.id(), id, ++seq);
          return null;
        });
  }

  private void memberRemoved(String groupId, String memberId, long s) {
    memberChangeSeq.put(groupId, s);
    tombstone(Kind.GROUP, groupId, memberId, "deleted", s);
  }

  // ------------------------------------------------------------------ delta

  /**
   * Objects of {@code kind} changed after sequence {@code since} (all when 0), in id order after
   * {@code afterId}. With {@code withMembers}, groups whose membership changed count as changed and
   * carry {@code members@delta}, and users whose manager changed count as changed (see {@link
   * #managerDelta}). {@code removedPhase} lists the removed objects (tombstones) instead of current
   * ones; none on an initial sync.
   */
  public List<Change> changes(
      Kind kind, boolean removedPhase, long since, String afterId, int limit, boolean withMembers) {
    return read(
        () -> {
          List<Change> out = new ArrayList<>();
          if (removedPhase) {
            if (since == 0) {
              return out;
            }
            TreeMap<String, Tombstone> t = kind == Kind.USER ? userTombstones : groupTombstones;
            for (Map.Entry<String, Tombstone> e :
                (afterId == null ? t : t.tailMap(afterId, false)).entrySet()) {
              if (out.size() >= limit) {
                break;
              }
              if (e.getValue().seq() > since) {
                out.add(new Change(e.getKey(), null, e.getValue().reason(), null));
              }
            }
            return out;
          }
          NavigableMap<String, ? extends DirectoryObject> map = kind == Kind.USER ? users : groups;
          for (DirectoryObject o : (afterId == null ? map : map.tailMap(afterId, false)).values()) {
            if (out.size() >= limit) {
              break;
            }
            boolean changed = o.version() > since;
            boolean membersChanged =
                withMembers
                    && (kind == Kind.USER
                        ? managerChanges.containsKey(o.id())
                            && managerChanges.get(o.id()).seq() > since
                        : memberChangeSeq.getOrDefault(o.id(), 0L) > since);
            if (since == 0 || changed || membersChanged) {
              out.add(
                  new Change(
                      o.id(),
                      o,
                      null,
                      withMembers && kind == Kind.GROUP ? memberChanges(o.id(), since) : null));
            }
          }
          return out;
        });
  }

  /**
   * users/delta's {@code manager@delta} for a user (delta-query-users.md, user-delta.md): on an
   * initial round ({@code since} 0) its manager if it has one; later the manager set after {@code
   * since}, or the one removed after it (with {@code @removed}); empty when nothing changed.
   */
  public List<MemberChange> managerDelta(String userId, long since) {
    return read(
        () -> {
          if (since == 0) {
            String m = managers.get(userId);
            return m == null ? List.of() : List.of(new MemberChange(m, Kind.USER, false));
          }
          ManagerChange c = managerChanges.get(userId);
          if (c == null || c.seq() <= since) {
            return List.of();
          }
          return c.managerId() != null
              ? List.of(new MemberChange(c.managerId(), Kind.USER, false))
              : List.of(new MemberChange(c.previousId(), Kind.USER, true));
        });
  }

  private List<MemberChange> memberChanges(String groupId, long since) {
    List<MemberChange> out = new ArrayList<>();
    TreeMap<String, Long> m = members.get(groupId);
    if (m != null) {
      m.forEach(
          (id, added) -> {
            DirectoryObject o = active(id);
            if (o != null && (since == 0 || added > since)) {
              out.add(new MemberChange(id, o instanceof Group ? Kind.GROUP : Kind.USER, false));
            }
          });
    }
    TreeMap<String, Long> removed = removedMembers.get(groupId);
    if (removed != null && since > 0) {
      removed.forEach(
          (id, at) -> {
            if (at > since) {
              out.add(
                  new MemberChange(
                      id,
                      groupTombstones.containsKey(id) || groups.containsKey(id)
                          ? Kind.GROUP
                          : Kind.USER,
                      true));
            }
          });
    }
    return out;
  }

  private void tombstone(Kind kind, String groupId, String id, String reason, long s) {
    if (groupId != null) {
      removedMembers.computeIfAbsent(groupId, k -> new TreeMap<>()).put(id, s);
    } else {
      (kind == Kind.USER ? userTombstones : groupTombstones).put(id, new Tombstone(reason, s));
    }
    tombstoneOrder.addLast(new TombstoneRef(kind, groupId, id, s));
    while (tombstoneOrder.size() > TOMBSTONE_CAP) {
      TombstoneRef old = tombstoneOrder.removeFirst();
      horizon = Math.max(horizon, old.seq());
      if (old.groupId() != null) {
        TreeMap<String, Long> r = removedMembers.get(old.groupId());
        if (r != null && Long.valueOf(old.seq()).equals(r.get(old.id()))) {
          r.remove(old.id());
        }
      } else {
        TreeMap<String, Tombstone> t = old.kind() == Kind.USER ? userTombstones : groupTombstones;
        Tombstone cur = t.get(old.id());
        if (cur != null && cur.seq() == old.seq()) {
          t.remove(old.id());
        }
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private DirectoryObject active(String id) {
    if (id == null) {
      return null;
    }
    User u = users.get(id);
    return u != null ? u : groups.get(id);
  }

  private User findUser(String idOrUpn) {
    if (idOrUpn == null) {
      return null;
    }
    String key = idOrUpn.toLowerCase(Locale.ROOT);
    User u = users.get(key);
    if (u == null) {
      String id = upnIndex.get(key);
      u = id == null ? null : users.get(id);
    }
    return u;
  }

  private User requireUser(String idOrUpn) {
    User u = findUser(idOrUpn);
    if (u == null) {
      throw GraphError.notFound(idOrUpn);
    }
    return u;
  }

  private Group requireGroup(String id) {
    Group g = id == null ? null : groups.get(id.toLowerCase(Locale.ROOT));
    if (g == null) {
      throw GraphError.notFound(id);
    }
    return g;
  }

  private String checkUpn(String upn, String selfId) {
    int at = upn.indexOf('@');
    if (at <= 0
        || at != upn.lastIndexOf('@')
        || at == upn.length() - 1
        || !UPN_LOCAL.matcher(upn.substring(0, at)).matches()
        || upn.startsWith(".")
        || upn.substring(0, at).endsWith(".")) {
      throw invalidValue(Schema.USER, "userPrincipalName");
    }
    if (!verifiedDomains.contains(upn.substring(at + 1).toLowerCase(Locale.ROOT))) {
      ArrayNode details = Json.MAPPER.createArrayNode();
      details.addObject().put("code", "InvalidValue").put("target", "userPrincipalName");
      throw new GraphError(
          400,
          "Request_BadRequest",
          "The domain portion of the userPrincipalName property is"
              + " invalid. You must use one of the verified domain names in your organization.",
          details);
    }
    String existing = upnIndex.get(upn.toLowerCase(Locale.ROOT));
    if (existing != null && !existing.equals(selfId)) {
      throw conflict("userPrincipalName");
    }
    return upn;
  }

  public static GraphError conflict(String property) {
    ArrayNode details = Json.MAPPER.createArrayNode();
    details.addObject().put("code", "ObjectConflict").put("target", property);
    return new GraphError(
        400,
        "Request_BadRequest",
        "Another object with the same value for property " + property + " already exists.",
        details);
  }

  public static GraphError invalidValue(Schema schema, String property) {
    ArrayNode details = Json.MAPPER.createArrayNode();
    details.addObject().put("code", "InvalidValue").put("target", property);
    return new GraphError(
        400,
        "Request_BadRequest",
        "Invalid value specified for property '"
            + property
            + "' of resource '"
            + schema.resourceName()
            + "'.",
        details);
  }

  private String newId(String given) {
    if (given != null) {
      String id = given.toLowerCase(Locale.ROOT);
      if (!Ids.isGuid(id)) {
        throw GraphError.badRequest("Invalid object identifier '" + given + "'.");
      }
      if (active(id) != null || deletedUsers.containsKey(id) || deletedGroups.containsKey(id)) {
        throw conflict("id");
      }
      return id;
    }
    String id;
    do {
      id = Ids.guid(idRandom);
    } while (active(id) != null || deletedUsers.containsKey(id) || deletedGroups.containsKey(id));
    return id;
  }

  /** Checks names and value types against the schema; canonical property names in the result. */
  static Map<String, Object> normalize(Schema schema, Map<String, Object> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach(
        (k, v) -> {
          Schema.Property p = schema.property(k);
          if (p == null) {
            throw GraphError.badRequest(
                "Property '" + k + "' does not exist on type '" + schema.typeName() + "'.");
          }
          boolean ok =
              switch (p.type()) {
                case STRING, DATETIME -> v == null || v instanceof String;
                case BOOLEAN -> v == null || v instanceof Boolean;
                case STRING_LIST ->
                    v == null
                        || (v instanceof List<?> l
                            && l.stream().allMatch(String.class::isInstance));
              };
          if (!ok) {
            throw invalidValue(schema, p.name());
          }
          out.put(p.name(), v instanceof List<?> l ? List.copyOf(l) : v);
        });
    return out;
  }

  private static Object[] values(Schema schema, Map<String, Object> p) {
    Object[] v = new Object[schema.size()];
    p.forEach(
        (k, val) -> v[schema.property(k).index()] = val instanceof String s ? intern(k, s) : val);
    return v;
  }

  /**
   * Shares the few distinct values of low-cardinality properties (saves memory in large
   * directories).
   */
  private static Object intern(String property, String value) {
    return switch (property) {
      case "department",
          "jobTitle",
          "officeLocation",
          "preferredLanguage",
          "userType",
          "usageLocation",
          "companyName",
          "city",
          "country",
          "visibility" ->
          value.intern();
      default -> value;
    };
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private <T> T read(Supplier<T> s) {
    lock.readLock().lock();
    try {
      return s.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private <T> T write(Supplier<T> s) {
    lock.writeLock().lock();
    try {
      return s.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Manager id of a user (for saving). */
  Map<String, String> managerIds() {
    return read(() -> Map.copyOf(managers));
  }
}
