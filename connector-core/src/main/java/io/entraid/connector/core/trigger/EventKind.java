package io.entraid.connector.core.trigger;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The directory changes a trigger can turn into BPMN messages: the single source of truth for their
 * names, their default message names and the README's event table.
 */
public enum EventKind {
  USER_CREATED(
      "userCreated",
      Subject.USER,
      "a user appears (created, or restored before the feed saw it deleted)"),
  USER_UPDATED(
      "userUpdated",
      Subject.USER,
      "a watched property of a user changed; `changes` holds each changed one's old and new value"),
  USER_DISABLED("userDisabled", Subject.USER, "accountEnabled went from true to false"),
  USER_ENABLED("userEnabled", Subject.USER, "accountEnabled went from false to true"),
  USER_DELETED(
      "userDeleted",
      Subject.USER,
      "a user was deleted (soft: to deleted items, or permanently when the feed had not seen it"
          + " deleted); `deletion` is `soft` or `permanent`"),
  USER_RESTORED(
      "userRestored", Subject.USER, "a user the feed saw deleted is back from deleted items"),
  MANAGER_CHANGED(
      "managerChanged",
      Subject.USER,
      "a user's manager was set, changed or removed; `changes.manager` holds the old and new"
          + " manager's id"),
  GROUP_CREATED("groupCreated", Subject.GROUP, "a group appears"),
  GROUP_DELETED("groupDeleted", Subject.GROUP, "a group was deleted"),
  GROUP_MEMBER_ADDED(
      "groupMemberAdded", Subject.MEMBER, "a user became a direct member of a group"),
  GROUP_MEMBER_REMOVED(
      "groupMemberRemoved", Subject.MEMBER, "a user stopped being a direct member of a group");

  /** What an event is about, which decides its correlation variable and the delta it comes from. */
  public enum Subject {
    /** a user: correlated by {@code entraUserId}, read from users/delta */
    USER,
    /** a group: correlated by {@code entraGroupId}, read from groups/delta */
    GROUP,
    /** a group's member: correlated by {@code entraGroupId}, read from groups/delta */
    MEMBER
  }

  private final String id;
  private final Subject subject;
  private final String description;

  EventKind(String id, Subject subject, String description) {
    this.id = id;
    this.subject = subject;
    this.description = description;
  }

  /** The name used in configuration, in message names and in {@code entraEvent}. */
  public String id() {
    return id;
  }

  public Subject subject() {
    return subject;
  }

  public String description() {
    return description;
  }

  /** {@code entraid.<event>}, the message correlated unless a trigger names another. */
  public String defaultMessage() {
    return "entraid." + id;
  }

  /** The process variable that finds the waiting instances of this event's object. */
  public String correlationVariable() {
    return subject == Subject.USER ? TriggerEvent.USER_ID : TriggerEvent.GROUP_ID;
  }

  public static Optional<EventKind> byId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equalsIgnoreCase(id.strip())).findFirst();
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(EventKind::id).toList();
  }

  /** The README's event table. */
  public static String markdownTable() {
    StringBuilder table =
        new StringBuilder(
            "| Event | Default message | Correlated by | When |\n|---|---|---|---|\n");
    for (EventKind k : values())
      table
          .append("| `")
          .append(k.id)
          .append("` | `")
          .append(k.defaultMessage())
          .append("` | `")
          .append(k.correlationVariable())
          .append("` | ")
          .append(k.description)
          .append(" |\n");
    return table.toString();
  }

  @Override
  public String toString() {
    return id;
  }
}
