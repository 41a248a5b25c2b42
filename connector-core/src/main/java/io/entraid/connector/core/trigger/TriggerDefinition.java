package io.entraid.connector.core.trigger;

import io.entraid.connector.core.Suggestions;
import io.entraid.connector.core.UserText;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One trigger, validated: which connection it reads, which events it delivers, the user properties
 * it watches for userUpdated, its filter, its message name and how often it polls.
 */
public record TriggerDefinition(
    String name,
    String connection,
    Set<EventKind> events,
    List<String> watch,
    TriggerFilter filter,
    String message,
    Duration pollInterval) {
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(1);
  public static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration MAX_POLL_INTERVAL = Duration.ofDays(1);

  /** What userUpdated watches unless a trigger says otherwise. */
  public static final List<String> DEFAULT_WATCH =
      List.of("department", "jobTitle", "accountEnabled", "displayName", "mail", "manager");

  /** The user properties a trigger may watch and filter on (Graph names). */
  public static final List<String> WATCHABLE =
      List.of(
          "accountEnabled",
          "city",
          "companyName",
          "country",
          "department",
          "displayName",
          "employeeId",
          "employeeType",
          "givenName",
          "jobTitle",
          "mail",
          "mailNickname",
          "manager",
          "mobilePhone",
          "officeLocation",
          "preferredLanguage",
          "state",
          "surname",
          "usageLocation",
          "userPrincipalName",
          "userType");

  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

  public TriggerDefinition {
    events = Set.copyOf(events);
    watch = List.copyOf(watch);
  }

  /** The message an event of {@code kind} correlates. */
  public String messageName(EventKind kind) {
    return message != null ? message : kind.defaultMessage();
  }

  /** Whether the trigger reads users/delta: for user events, and for members' names. */
  public boolean readsUsers() {
    return events.stream().anyMatch(k -> k.subject() != EventKind.Subject.GROUP);
  }

  public boolean readsGroups() {
    return events.stream().anyMatch(k -> k.subject() != EventKind.Subject.USER);
  }

  /**
   * What decides which changes the feed looks at; a feed whose selection changed starts again with
   * a baseline. Message name and poll interval are not part of it.
   */
  public String selection() {
    String text =
        connection
            + "|"
            + events.stream().map(EventKind::id).sorted().toList()
            + "|"
            + new TreeSet<>(watch)
            + "|"
            + filter.canonical();
    return ChangeFeed.hash(text);
  }

  /**
   * Validates a trigger's settings as configured (Spring properties or the plugin bean) and reports
   * every problem at once.
   *
   * @param connections the names of the connections it may use
   * @throws InvalidTriggerException naming each bad setting, what is wrong and the fix
   */
  public static TriggerDefinition parse(
      String name, Settings settings, Collection<String> connections) {
    return parse(name, settings, Optional.of(connections));
  }

  /**
   * Validates every setting but whether the connection exists: for a connection that may be stored
   * in the database, checked with {@link #connectionProblem} once the store has been read.
   */
  public static TriggerDefinition parseExceptConnection(String name, Settings settings) {
    return parse(name, settings, Optional.empty());
  }

  /** Why a trigger cannot use the named connection, if it cannot: no connection has that name. */
  public static Optional<String> connectionProblem(
      String connection, Collection<String> connections) {
    if (connections.contains(connection)) return Optional.empty();
    return Optional.of(
        "connection: no connection is named "
            + UserText.quote(connection)
            + ". Fix: name one of "
            + connections
            + Suggestions.closest(connection, connections, 3)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse(""));
  }

  private static TriggerDefinition parse(
      String name, Settings settings, Optional<Collection<String>> connections) {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isBlank() || name.length() > 100)
      problems.add(
          "the trigger's name "
              + UserText.quote(name)
              + " is empty or longer than 100 characters. Fix: give it a short name");

    String connection =
        settings.connection() == null || settings.connection().isBlank()
            ? "default"
            : settings.connection().strip();
    connections.flatMap(known -> connectionProblem(connection, known)).ifPresent(problems::add);

    Set<EventKind> events = EnumSet.noneOf(EventKind.class);
    List<String> rawEvents = nonBlank(settings.events());
    if (rawEvents.isEmpty())
      problems.add("events: none listed. Fix: list at least one of " + EventKind.ids());
    for (String raw : rawEvents) {
      EventKind.byId(raw)
          .ifPresentOrElse(
              events::add,
              () ->
                  problems.add(
                      "events: "
                          + UserText.quote(raw)
                          + " is not an event kind. Fix: use one of "
                          + EventKind.ids()
                          + Suggestions.closest(raw, EventKind.ids(), 4)
                              .map(s -> " (did you mean '" + s + "'?)")
                              .orElse("")));
    }

    List<String> watch = new ArrayList<>();
    List<String> rawWatch =
        settings.watch() == null || settings.watch().isEmpty()
            ? DEFAULT_WATCH
            : nonBlank(settings.watch());
    for (String raw : rawWatch) {
      String property = property(raw);
      if (property == null) {
        problems.add(
            "watch: "
                + UserText.quote(raw)
                + " is not a user property a trigger can watch. Fix: use one of "
                + WATCHABLE
                + suggestion(raw, WATCHABLE));
      } else if (!watch.contains(property)) {
        watch.add(property);
      }
    }

    TriggerFilter filter = filter(settings.filter(), watch, events, problems);

    String message = settings.message();
    if (message != null && message.isBlank()) message = null;
    if (message != null) message = message.strip();

    Duration interval = DEFAULT_POLL_INTERVAL;
    if (settings.pollInterval() != null && !settings.pollInterval().isBlank()) {
      interval = parseDuration(settings.pollInterval());
      if (interval == null) {
        problems.add(
            "poll-interval: "
                + UserText.quote(settings.pollInterval())
                + " is not a duration. Fix: write it as ISO-8601 (PT1M, PT30S) or as 30s, 5m, 1h");
        interval = DEFAULT_POLL_INTERVAL;
      } else if (interval.compareTo(MIN_POLL_INTERVAL) < 0
          || interval.compareTo(MAX_POLL_INTERVAL) > 0) {
        problems.add(
            "poll-interval: "
                + settings.pollInterval().strip()
                + " is outside 1 second to 1 day. Fix: poll at most once a second and at least"
                + " once a day (the default is PT1M)");
      }
    }
    if (!problems.isEmpty()) throw new InvalidTriggerException(name, problems);
    return new TriggerDefinition(name, connection, events, watch, filter, message, interval);
  }

  private static TriggerFilter filter(
      Map<String, List<String>> raw,
      List<String> watch,
      Set<EventKind> events,
      List<String> problems) {
    if (raw == null || raw.isEmpty()) return TriggerFilter.NONE;
    Map<String, Set<String>> user = new LinkedHashMap<>();
    Set<String> groups = new LinkedHashSet<>();
    String prefix = null;
    for (Map.Entry<String, List<String>> e : raw.entrySet()) {
      String key = e.getKey().strip();
      String flat = key.replace("-", "").toLowerCase(Locale.ROOT);
      List<String> values = nonBlank(e.getValue());
      if (values.isEmpty()) {
        problems.add(
            "filter." + key + ": no value. Fix: give the value to match, or remove the entry");
        continue;
      }
      if (flat.equals("group") || flat.equals("groups")) {
        groups.addAll(values);
      } else if (flat.equals("groupprefix")) {
        prefix = values.get(0);
      } else {
        String property = property(key);
        if (property == null) {
          problems.add(
              "filter."
                  + key
                  + " is neither group, groups, group-prefix nor a user property. Fix: use one of"
                  + " these, or a property of "
                  + WATCHABLE
                  + suggestion(key, WATCHABLE));
        } else if (!watch.contains(property)) {
          problems.add(
              "filter."
                  + key
                  + " filters on a property the trigger does not watch. Fix: add "
                  + property
                  + " to watch (now "
                  + watch
                  + ")");
        } else if (property.equals("manager")) {
          problems.add(
              "filter.manager: a trigger cannot filter on the manager. Fix: filter on department or"
                  + " another property");
        } else {
          user.put(property, new LinkedHashSet<>(values));
        }
      }
    }
    boolean groupEvents = events.stream().anyMatch(k -> k.subject() != EventKind.Subject.USER);
    boolean userEvents = events.stream().anyMatch(k -> k.subject() == EventKind.Subject.USER);
    if ((!groups.isEmpty() || prefix != null) && !groupEvents && !events.isEmpty())
      problems.add(
          "filter: a group filter applies to group events only, and events lists none. Fix: add"
              + " groupMemberAdded (or another group event), or remove the group filter");
    if (!user.isEmpty() && !userEvents && !events.isEmpty())
      problems.add(
          "filter: a user property filter applies to user events only, and events lists none. Fix:"
              + " add userCreated (or another user event), or remove "
              + user.keySet());
    return new TriggerFilter(user, groups, prefix);
  }

  /** A watchable property's Graph name, whatever its case or dashes (Spring lower-cases keys). */
  static String property(String raw) {
    String flat = raw.strip().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    return WATCHABLE.stream()
        .filter(p -> p.toLowerCase(Locale.ROOT).equals(flat))
        .findFirst()
        .orElse(null);
  }

  private static String suggestion(String raw, List<String> candidates) {
    return Suggestions.closest(raw, candidates, 3)
        .map(s -> " (did you mean '" + s + "'?)")
        .orElse("");
  }

  private static List<String> nonBlank(List<String> values) {
    if (values == null) return List.of();
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (v == null) continue;
      for (String part : v.split(",")) if (!part.isBlank()) out.add(part.strip());
    }
    return out;
  }

  /** ISO-8601 (PT1M) or a number with ms, s, m, h or d (30s); null when it is neither. */
  static Duration parseDuration(String raw) {
    String text = raw.strip();
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      Matcher m = SIMPLE_DURATION.matcher(text);
      if (!m.matches()) return null;
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
  }

  /** The README's table of trigger settings. */
  public static String settingsTable() {
    return "| Trigger setting | Default | Meaning |\n|---|---|---|\n"
        + "| `connection` | `default` | the connection whose directory the trigger follows |\n"
        + "| `events` | (required) | the event kinds it delivers, at least one |\n"
        + "| `watch` | `"
        + String.join(", ", DEFAULT_WATCH)
        + "` | the user properties whose changes make userUpdated; any of "
        + String.join(", ", WATCHABLE)
        + " |\n"
        + "| `filter.<property>` | | user events only for users with this value (several: any);"
        + " the property must be watched |\n"
        + "| `filter.group`, `filter.groups` | | group and member events only for these groups (ids"
        + " or display names) |\n"
        + "| `filter.group-prefix` | | group and member events only for groups whose display name"
        + " starts with this |\n"
        + "| `message` | `entraid.<event>` | the message every event of the trigger correlates |\n"
        + "| `poll-interval` | `PT1M` | how often it polls: ISO-8601 or 30s, 5m, 1h; 1 second to 1"
        + " day |\n";
  }

  /**
   * A trigger's settings as written: lists may hold comma-separated values; empty ones take their
   * default.
   */
  public record Settings(
      String connection,
      List<String> events,
      List<String> watch,
      Map<String, List<String>> filter,
      String message,
      String pollInterval) {}
}
