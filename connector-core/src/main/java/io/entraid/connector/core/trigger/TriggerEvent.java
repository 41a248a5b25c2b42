package io.entraid.connector.core.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One directory change as a trigger delivers it: the message to correlate and the process variables
 * (names in the README's Triggers section).
 *
 * @param id stable for the same change read again (see {@link ChangeFeed}), so a repeat is dropped
 * @param businessKey of an instance the event starts: a user's userPrincipalName (its id when not
 *     known), a group's id
 * @param variables the event's variables, {@code entraEventId} included; values are strings,
 *     booleans or null
 */
public record TriggerEvent(
    String id,
    EventKind kind,
    String trigger,
    String message,
    String objectId,
    String businessKey,
    Map<String, Object> variables) {
  public static final String EVENT_ID = "entraEventId";
  public static final String EVENT = "entraEvent";
  public static final String TRIGGER = "entraTrigger";
  public static final String CONNECTION = "entraConnection";
  public static final String USER_ID = "entraUserId";
  public static final String GROUP_ID = "entraGroupId";
  public static final String CHANGES = "changes";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A variable an event sets: its name, the events that carry it, what it holds. */
  record Variable(String name, String events, String meaning) {}

  /** The variables, in the README's order (the feed sets them; this documents them). */
  static final List<Variable> VARIABLES =
      List.of(
          new Variable(EVENT_ID, "all", "the event's id, the same when a change is read again"),
          new Variable(EVENT, "all", "the event kind, e.g. `userDisabled`"),
          new Variable(TRIGGER, "all", "the trigger's name"),
          new Variable(CONNECTION, "all", "the connection's name"),
          new Variable(USER_ID, "user and member events", "the user's object id"),
          new Variable(
              "userPrincipalName",
              "user and member events",
              "the user's userPrincipalName (a member's when the feed has seen the user)"),
          new Variable(
              "displayName, department, jobTitle",
              "user events",
              "the user's values after the change (before it, for userDeleted)"),
          new Variable("accountEnabled", "user events", "boolean"),
          new Variable(
              "managerId", "user events", "the manager's object id, when the user has one"),
          new Variable(
              CHANGES,
              "userUpdated, managerChanged",
              "JSON: each changed watched property with its old and new value,"
                  + " `{\"department\":{\"old\":\"Sales\",\"new\":\"Finance\"}}`"),
          new Variable("deletion", "userDeleted", "`soft` (to deleted items) or `permanent`"),
          new Variable(GROUP_ID, "group and member events", "the group's object id"),
          new Variable("group", "group and member events", "the group's display name"));

  /** The README's table of event variables. */
  public static String variablesTable() {
    StringBuilder table = new StringBuilder("| Variable | Set by | Value |\n|---|---|---|\n");
    for (Variable v : VARIABLES)
      table
          .append("| `")
          .append(v.name().replace(", ", "`, `"))
          .append("` | ")
          .append(v.events())
          .append(" | ")
          .append(v.meaning())
          .append(" |\n");
    return table.toString();
  }

  public TriggerEvent {
    variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
  }

  /** The value of the variable that finds the instances waiting for this event's object. */
  public String correlationValue() {
    return String.valueOf(variables.get(kind.correlationVariable()));
  }

  /**
   * The same event with every text value (and every old and new value in {@code changes}) cut to
   * {@code max} characters.
   */
  public TriggerEvent shortened(int max) {
    Map<String, Object> cut = new LinkedHashMap<>();
    variables.forEach(
        (name, value) -> {
          if (name.equals(CHANGES) && value instanceof String json) {
            try {
              Map<String, Map<String, String>> changes =
                  JSON.readValue(json, new TypeReference<Map<String, Map<String, String>>>() {});
              changes.values().forEach(c -> c.replaceAll((k, v) -> cut(v, max)));
              cut.put(name, JSON.writeValueAsString(changes));
            } catch (JsonProcessingException e) {
              cut.put(name, cut(json, max));
            }
          } else {
            cut.put(name, value instanceof String text ? cut(text, max) : value);
          }
        });
    return new TriggerEvent(id, kind, trigger, message, objectId, businessKey, cut);
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }

  /** The event as one JSON object, for a delivery job's configuration and incident messages. */
  public String toJson() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("id", id);
    all.put("kind", kind.id());
    all.put("trigger", trigger);
    all.put("message", message);
    all.put("objectId", objectId);
    all.put("businessKey", businessKey);
    all.put("variables", variables);
    try {
      return JSON.writeValueAsString(all);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event's variables are plain values", e);
    }
  }

  public static TriggerEvent fromJson(String json) {
    try {
      Map<String, Object> all = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> variables = (Map<String, Object>) all.get("variables");
      return new TriggerEvent(
          (String) all.get("id"),
          EventKind.byId((String) all.get("kind")).orElseThrow(),
          (String) all.get("trigger"),
          (String) all.get("message"),
          (String) all.get("objectId"),
          (String) all.get("businessKey"),
          variables);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("not a trigger event: " + json, e);
    }
  }

  @Override
  public String toString() {
    return kind + " of " + objectId + " (trigger '" + trigger + "', event " + id + ")";
  }
}
