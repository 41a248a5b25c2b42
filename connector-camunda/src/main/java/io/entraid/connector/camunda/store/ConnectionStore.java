package io.entraid.connector.camunda.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Stored connections in two tables of the plugin's own in the engine's database, created at
 * start-up if missing (plain SQL that H2 and PostgreSQL both run): {@code ENTRAID_CONNECTION} (one
 * row per connection; secret parameters encrypted with {@link SecretCipher}) and {@code
 * ENTRAID_CONNECTION_AUDIT} (who changed what, when; never a value). Every write changes the row's
 * stamp, which the nodes of a cluster poll; an update names the stamp it read, so of two concurrent
 * updates one is refused instead of silently overwriting the other.
 */
public final class ConnectionStore {
  static final String TABLE = "ENTRAID_CONNECTION";
  static final String AUDIT_TABLE = "ENTRAID_CONNECTION_AUDIT";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One audit entry: {@code changed} names keys and settings, never values. */
  public record AuditEntry(
      String connection, Instant at, String by, String action, List<String> changed) {}

  private final Supplier<DataSource> dataSource;
  private final SecretCipher cipher;

  /**
   * @param dataSource the engine's data source (known only once the engine is initialised)
   */
  public ConnectionStore(Supplier<DataSource> dataSource, SecretCipher cipher) {
    this.dataSource = dataSource;
    this.cipher = cipher;
  }

  /** Creates the tables if they are missing. */
  public void createTables() {
    run(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + TABLE
                    + " (NAME_ VARCHAR(255) NOT NULL PRIMARY KEY, TYPE_ VARCHAR(64) NOT NULL,"
                    + " PARAMS_ TEXT NOT NULL, SETTINGS_ TEXT NOT NULL, STAMP_ VARCHAR(64) NOT NULL,"
                    + " CHANGED_AT_ VARCHAR(40) NOT NULL, CHANGED_BY_ VARCHAR(255))");
            s.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + AUDIT_TABLE
                    + " (ID_ VARCHAR(64) NOT NULL PRIMARY KEY, NAME_ VARCHAR(255) NOT NULL,"
                    + " AT_ VARCHAR(40) NOT NULL, BY_ VARCHAR(255), ACTION_ VARCHAR(16) NOT NULL,"
                    + " CHANGED_ TEXT NOT NULL)");
          }
          return null;
        });
  }

  /** Each stored connection's stamp, by name: what the nodes poll. */
  public Map<String, String> stamps() {
    return run(
        c -> {
          Map<String, String> stamps = new LinkedHashMap<>();
          try (PreparedStatement s =
                  c.prepareStatement("SELECT NAME_, STAMP_ FROM " + TABLE + " ORDER BY NAME_");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) stamps.put(rs.getString(1), rs.getString(2));
          }
          return stamps;
        });
  }

  /**
   * @throws SecretCipher.UndecryptableException when a secret was encrypted with another key
   */
  public Optional<StoredConnection> find(String name) {
    return run(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT NAME_, TYPE_, PARAMS_, SETTINGS_, STAMP_, CHANGED_AT_, CHANGED_BY_ FROM "
                      + TABLE
                      + " WHERE NAME_ = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(read(rs)) : Optional.<StoredConnection>empty();
            }
          }
        });
  }

  /** The names of the stored connections. */
  public List<String> names() {
    return List.copyOf(stamps().keySet());
  }

  /**
   * @return false if a connection of that name is stored already
   */
  public boolean insert(StoredConnection connection, String action) {
    return run(
        c -> {
          c.setAutoCommit(false);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO "
                      + TABLE
                      + " (NAME_, TYPE_, PARAMS_, SETTINGS_, STAMP_, CHANGED_AT_, CHANGED_BY_)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bind(s, connection);
            s.executeUpdate();
          } catch (SQLException e) {
            c.rollback();
            if (find(c, connection.name())) return false;
            throw e;
          }
          audit(c, connection, action, null);
          c.commit();
          return true;
        });
  }

  /**
   * Replaces a stored connection if it still has the stamp it was read with.
   *
   * @return false if it changed or was deleted in the meantime
   */
  public boolean update(
      StoredConnection connection, String expectedStamp, String action, List<String> changed) {
    return run(
        c -> {
          c.setAutoCommit(false);
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE "
                      + TABLE
                      + " SET NAME_ = ?, TYPE_ = ?, PARAMS_ = ?, SETTINGS_ = ?, STAMP_ = ?,"
                      + " CHANGED_AT_ = ?, CHANGED_BY_ = ? WHERE NAME_ = ? AND STAMP_ = ?")) {
            bind(s, connection);
            s.setString(8, connection.name());
            s.setString(9, expectedStamp);
            if (s.executeUpdate() != 1) {
              c.rollback();
              return false;
            }
          }
          audit(c, connection, action, changed);
          c.commit();
          return true;
        });
  }

  /**
   * @return false if no such connection was stored
   */
  public boolean delete(String name, String by, Instant at) {
    return run(
        c -> {
          c.setAutoCommit(false);
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM " + TABLE + " WHERE NAME_ = ?")) {
            s.setString(1, name);
            if (s.executeUpdate() != 1) {
              c.rollback();
              return false;
            }
          }
          insertAudit(c, new AuditEntry(name, at, by, "delete", List.of()));
          c.commit();
          return true;
        });
  }

  /** A connection's audit entries, oldest first. */
  public List<AuditEntry> audit(String name) {
    return run(
        c -> {
          List<AuditEntry> entries = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT AT_, BY_, ACTION_, CHANGED_ FROM "
                      + AUDIT_TABLE
                      + " WHERE NAME_ = ? ORDER BY AT_, ID_")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                List<String> changed = new ArrayList<>();
                JSON.readTree(rs.getString(4)).forEach(n -> changed.add(n.asText()));
                entries.add(
                    new AuditEntry(
                        name,
                        Instant.parse(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        changed));
              }
            }
          }
          return entries;
        });
  }

  private void audit(Connection c, StoredConnection connection, String action, List<String> changed)
      throws SQLException, JsonProcessingException {
    List<String> names = changed;
    if (names == null) {
      names = new ArrayList<>(connection.parameters().keySet());
      connection.settings().changedFrom(StoredSettings.NONE).forEach(names::add);
    }
    insertAudit(
        c,
        new AuditEntry(
            connection.name(), connection.changedAt(), connection.changedBy(), action, names));
  }

  private static void insertAudit(Connection c, AuditEntry entry)
      throws SQLException, JsonProcessingException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO "
                + AUDIT_TABLE
                + " (ID_, NAME_, AT_, BY_, ACTION_, CHANGED_) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, UUID.randomUUID().toString());
      s.setString(2, entry.connection());
      s.setString(3, entry.at().toString());
      s.setString(4, entry.by());
      s.setString(5, entry.action());
      s.setString(6, JSON.writeValueAsString(entry.changed()));
      s.executeUpdate();
    }
  }

  private void bind(PreparedStatement s, StoredConnection connection)
      throws SQLException, JsonProcessingException {
    ObjectNode params = JSON.createObjectNode();
    connection
        .parameters()
        .forEach(
            (key, value) ->
                params.put(
                    key,
                    StoredConnection.isSecret(key)
                        ? cipher.encrypt(value, connection.name(), StoredConnection.canonical(key))
                        : value));
    s.setString(1, connection.name());
    s.setString(2, connection.type());
    s.setString(3, JSON.writeValueAsString(params));
    s.setString(4, JSON.writeValueAsString(connection.settings().toJson()));
    s.setString(5, connection.stamp());
    s.setString(6, connection.changedAt().toString());
    s.setString(7, connection.changedBy());
  }

  private StoredConnection read(ResultSet rs) throws SQLException, JsonProcessingException {
    String name = rs.getString(1);
    Map<String, String> parameters = new LinkedHashMap<>();
    JsonNode params = JSON.readTree(rs.getString(3));
    params
        .properties()
        .forEach(
            f ->
                parameters.put(
                    f.getKey(),
                    StoredConnection.isSecret(f.getKey())
                        ? cipher.decrypt(
                            f.getValue().asText(), name, StoredConnection.canonical(f.getKey()))
                        : f.getValue().asText()));
    List<Map.Entry<String, String>> ignored = new ArrayList<>();
    StoredSettings settings = StoredSettings.parse(JSON.readTree(rs.getString(4)), ignored);
    return new StoredConnection(
        name,
        rs.getString(2),
        parameters,
        settings,
        rs.getString(5),
        Instant.parse(rs.getString(6)),
        rs.getString(7));
  }

  private static boolean find(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE NAME_ = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** A new stamp for a write. */
  public static String newStamp() {
    return UUID.randomUUID().toString();
  }

  private interface Work<T> {
    T apply(Connection connection) throws SQLException, JsonProcessingException;
  }

  private <T> T run(Work<T> work) {
    try (Connection c = dataSource.get().getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      try {
        return work.apply(c);
      } finally {
        if (!c.getAutoCommit()) c.rollback(); // nothing uncommitted survives a failure
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException(
          "Entra ID connection store: database access failed: " + e.getMessage(), e);
    }
  }
}
