package io.entraid.connector.camunda.trigger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's own tables in the engine's database, created at start-up when missing (plain SQL
 * that H2, PostgreSQL, MySQL/MariaDB, Oracle and SQL Server all accept):
 *
 * <ul>
 *   <li>{@value #STATE}: per trigger, its selection and delta positions;
 *   <li>{@value #VALUES}: per trigger and user or group, the last seen values of what it watches
 *       (JSON), so the feed tells what changed without holding them on the heap;
 *   <li>{@value #EVENTS}: per trigger, the ids of the events delivered in the current round.
 * </ul>
 */
final class TriggerTables {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerTables.class);
  static final String STATE = "ENTRAID_TRIGGER_STATE";
  static final String VALUES = "ENTRAID_TRIGGER_VALUES";
  static final String EVENTS = "ENTRAID_TRIGGER_EVENT";

  private static final String[][] TABLES = {
    {
      STATE,
      "CREATE TABLE "
          + STATE
          + " (TRIGGER_ VARCHAR(100) NOT NULL, KEY_ VARCHAR(64) NOT NULL, VALUE_ VARCHAR(4000),"
          + " PRIMARY KEY (TRIGGER_, KEY_))"
    },
    {
      VALUES,
      "CREATE TABLE "
          + VALUES
          + " (TRIGGER_ VARCHAR(100) NOT NULL, OBJECT_ID_ VARCHAR(64) NOT NULL, VALUES_"
          + " VARCHAR(4000), PRIMARY KEY (TRIGGER_, OBJECT_ID_))"
    },
    {
      EVENTS,
      "CREATE TABLE "
          + EVENTS
          + " (TRIGGER_ VARCHAR(100) NOT NULL, EVENT_ID_ VARCHAR(64) NOT NULL, ROUND_ VARCHAR(64)"
          + " NOT NULL, PRIMARY KEY (TRIGGER_, EVENT_ID_))"
    }
  };

  private TriggerTables() {}

  /** Creates the tables that do not exist yet; another node creating them at once is fine. */
  static void create(DataSource dataSource) {
    for (String[] table : TABLES) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        if (exists(c, table[0])) continue;
        try (Statement s = c.createStatement()) {
          s.execute(table[1]);
          LOG.info("Entra ID triggers: created table {}", table[0]);
        } catch (SQLException e) {
          if (!exists(c, table[0])) throw e; // else another node created it meanwhile
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "Entra ID triggers need the table "
                + table[0]
                + " in the engine's database and could not create it ("
                + e.getMessage()
                + "). Fix: let the engine's database user create tables, or create it yourself: "
                + table[1],
            e);
      }
    }
  }

  private static boolean exists(Connection c, String table) {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
