package io.entraid.connector.camunda.trigger;

import io.entraid.connector.core.trigger.FeedStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * A trigger's feed state in the connector's own tables ({@link TriggerTables}) of the engine's
 * database, written through the JDBC connection of the current engine command: it commits or rolls
 * back with that command's transaction, together with the delivery jobs the page creates.
 */
final class JdbcFeedStore implements FeedStore {
  private static final int IN_CHUNK = 500;
  private final String trigger;

  JdbcFeedStore(String trigger) {
    this.trigger = trigger;
  }

  private static Connection connection() {
    return Context.getCommandContext().getDbSqlSession().getSqlSession().getConnection();
  }

  @Override
  public Optional<String> get(String key) {
    return query(
        "SELECT VALUE_ FROM " + TriggerTables.STATE + " WHERE TRIGGER_ = ? AND KEY_ = ?",
        List.of(trigger, key),
        rs -> rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty());
  }

  @Override
  public void put(String key, String value) {
    if (update(
            "UPDATE " + TriggerTables.STATE + " SET VALUE_ = ? WHERE TRIGGER_ = ? AND KEY_ = ?",
            value,
            trigger,
            key)
        == 0)
      update(
          "INSERT INTO " + TriggerTables.STATE + " (TRIGGER_, KEY_, VALUE_) VALUES (?, ?, ?)",
          trigger,
          key,
          value);
  }

  @Override
  public void remove(String key) {
    update("DELETE FROM " + TriggerTables.STATE + " WHERE TRIGGER_ = ? AND KEY_ = ?", trigger, key);
  }

  @Override
  public void lock(String key) {
    query(
        "SELECT VALUE_ FROM " + TriggerTables.STATE + " WHERE TRIGGER_ = ? AND KEY_ = ? FOR UPDATE",
        List.of(trigger, key),
        ResultSet::next);
  }

  @Override
  public Map<String, String> snapshots(Collection<String> objectIds) {
    Map<String, String> found = new HashMap<>();
    List<String> ids = List.copyOf(objectIds);
    for (int from = 0; from < ids.size(); from += IN_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
      List<Object> parameters = new ArrayList<>();
      parameters.add(trigger);
      parameters.addAll(chunk);
      query(
          "SELECT OBJECT_ID_, VALUES_ FROM "
              + TriggerTables.VALUES
              + " WHERE TRIGGER_ = ? AND OBJECT_ID_ IN ("
              + String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))
              + ")",
          parameters,
          rs -> {
            while (rs.next()) found.put(rs.getString(1), rs.getString(2));
            return null;
          });
    }
    return found;
  }

  @Override
  public void putSnapshot(String objectId, String values, boolean known) {
    if (!known
        || update(
                "UPDATE "
                    + TriggerTables.VALUES
                    + " SET VALUES_ = ? WHERE TRIGGER_ = ? AND OBJECT_ID_ = ?",
                values,
                trigger,
                objectId)
            == 0)
      update(
          "INSERT INTO "
              + TriggerTables.VALUES
              + " (TRIGGER_, OBJECT_ID_, VALUES_) VALUES (?, ?, ?)",
          trigger,
          objectId,
          values);
  }

  @Override
  public void removeSnapshot(String objectId) {
    update(
        "DELETE FROM " + TriggerTables.VALUES + " WHERE TRIGGER_ = ? AND OBJECT_ID_ = ?",
        trigger,
        objectId);
  }

  /** Checked before inserted: a failed insert would end a PostgreSQL transaction. */
  @Override
  public boolean markDelivered(String eventId, String round) {
    boolean known =
        query(
            "SELECT 1 FROM " + TriggerTables.EVENTS + " WHERE TRIGGER_ = ? AND EVENT_ID_ = ?",
            List.of(trigger, eventId),
            ResultSet::next);
    if (known) return false;
    update(
        "INSERT INTO " + TriggerTables.EVENTS + " (TRIGGER_, EVENT_ID_, ROUND_) VALUES (?, ?, ?)",
        trigger,
        eventId,
        round);
    return true;
  }

  @Override
  public void forgetRoundsExcept(String prefix, String keep) {
    update(
        "DELETE FROM "
            + TriggerTables.EVENTS
            + " WHERE TRIGGER_ = ? AND ROUND_ LIKE ? AND ROUND_ <> ?",
        trigger,
        prefix + "%",
        keep);
  }

  @Override
  public void clear() {
    for (String table : List.of(TriggerTables.STATE, TriggerTables.VALUES, TriggerTables.EVENTS))
      update("DELETE FROM " + table + " WHERE TRIGGER_ = ?", trigger);
  }

  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> T query(String sql, List<?> parameters, Reader<T> reader) {
    try (PreparedStatement statement = connection().prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) statement.setObject(i + 1, parameters.get(i));
      try (ResultSet rs = statement.executeQuery()) {
        return reader.read(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("trigger state: " + sql + " failed: " + e.getMessage(), e);
    }
  }

  private static int update(String sql, Object... parameters) {
    try (PreparedStatement statement = connection().prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) statement.setObject(i + 1, parameters[i]);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("trigger state: " + sql + " failed: " + e.getMessage(), e);
    }
  }
}
