package io.entraid.connector.camunda.sync;

import io.entraid.connector.core.sync.SyncStateStore;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.ManagementService;

/**
 * Sync positions in the engine's own database (ACT_GE_PROPERTY), so every node of a cluster
 * continues where the last run stopped, and writes join the current transaction. A property value
 * holds 300 characters and delta links are longer, so a value is split into numbered parts.
 */
final class CamundaSyncStateStore implements SyncStateStore {
  private static final int PART = 300;
  private final ManagementService management;
  private final String prefix;

  CamundaSyncStateStore(ManagementService management, String connectionName) {
    this.management = management;
    this.prefix = prefix(connectionName);
  }

  /** The start of the connection's property names: {@code entraid.sync.<connection>.}. */
  static String prefix(String connectionName) {
    // property names hold 64 characters: keep the connection's part short and unambiguous
    String name =
        connectionName.length() <= 16
            ? connectionName
            : connectionName.substring(0, 8) + Integer.toHexString(connectionName.hashCode());
    return "entraid.sync." + name + ".";
  }

  @Override
  public Optional<String> get(String key) {
    Map<String, String> properties = management.getProperties();
    String count = properties.get(prefix + key + ".parts");
    if (count == null) return Optional.empty();
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < Integer.parseInt(count); i++) {
      String part = properties.get(prefix + key + "." + i);
      if (part == null) return Optional.empty();
      value.append(part);
    }
    return Optional.of(value.toString());
  }

  /**
   * Overwrites the parts in place and deletes only surplus ones: deleting a property and setting it
   * again in one transaction would leave it deleted (the engine's entity cache applies the delete
   * last).
   */
  @Override
  public void put(String key, String value) {
    String count = management.getProperties().get(prefix + key + ".parts");
    int oldParts = count == null ? 0 : Integer.parseInt(count);
    int parts = (value.length() + PART - 1) / PART;
    for (int i = 0; i < parts; i++) {
      management.setProperty(
          prefix + key + "." + i,
          value.substring(i * PART, Math.min(value.length(), (i + 1) * PART)));
    }
    management.setProperty(prefix + key + ".parts", Integer.toString(parts));
    for (int i = parts; i < oldParts; i++) management.deleteProperty(prefix + key + "." + i);
  }

  @Override
  public void remove(String key) {
    Map<String, String> properties = management.getProperties();
    String count = properties.get(prefix + key + ".parts");
    if (count == null) return;
    for (int i = 0; i < Integer.parseInt(count); i++)
      management.deleteProperty(prefix + key + "." + i);
    management.deleteProperty(prefix + key + ".parts");
  }
}
