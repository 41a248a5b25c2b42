package io.entraid.emulator;

import java.util.List;

/** A group snapshot (security or Microsoft 365). */
public final class Group extends DirectoryObject {
  Group(Object[] values, long version) {
    super(values, version);
  }

  @Override
  public Schema schema() {
    return Schema.GROUP;
  }

  @Override
  Group copy(Object[] newValues, long newVersion) {
    return new Group(newValues, newVersion);
  }

  public String displayName() {
    return str("displayName");
  }

  public String description() {
    return str("description");
  }

  public String mailNickname() {
    return str("mailNickname");
  }

  public String mail() {
    return str("mail");
  }

  public boolean mailEnabled() {
    return bool("mailEnabled");
  }

  public boolean securityEnabled() {
    return bool("securityEnabled");
  }

  public List<String> groupTypes() {
    return list("groupTypes");
  }

  /** Microsoft 365 group: groupTypes contains "Unified". */
  public boolean unified() {
    return groupTypes().stream().anyMatch("Unified"::equalsIgnoreCase);
  }

  public String visibility() {
    return str("visibility");
  }

  public String createdDateTime() {
    return str("createdDateTime");
  }
}
