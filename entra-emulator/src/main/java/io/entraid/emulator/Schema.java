package io.entraid.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The properties the emulator stores for one Graph entity type, in Graph's output order. Property
 * names are matched case-insensitively, as Graph does in $select and $filter.
 */
public final class Schema {
  public enum Type {
    STRING,
    BOOLEAN,
    STRING_LIST,
    DATETIME
  }

  /**
   * One property: {@code defaultSelected} = returned without $select; {@code readOnly} = not
   * settable by clients.
   */
  public record Property(
      String name, Type type, boolean defaultSelected, boolean readOnly, int index) {}

  private final String typeName;
  private final String entitySet;
  private final List<Property> properties;
  private final Map<String, Property> byLowerName = new HashMap<>();

  private Schema(String typeName, String entitySet, List<Property> properties) {
    this.typeName = typeName;
    this.entitySet = entitySet;
    this.properties = Collections.unmodifiableList(properties);
    for (Property p : properties) {
      byLowerName.put(p.name().toLowerCase(Locale.ROOT), p);
    }
  }

  /** "microsoft.graph.user". */
  public String typeName() {
    return typeName;
  }

  /** "users". */
  public String entitySet() {
    return entitySet;
  }

  /** "User", as in Graph messages ("... of resource 'User'."). */
  public String resourceName() {
    String simple = typeName.substring(typeName.lastIndexOf('.') + 1);
    return Character.toUpperCase(simple.charAt(0)) + simple.substring(1);
  }

  public List<Property> properties() {
    return properties;
  }

  public Property property(String name) {
    return name == null ? null : byLowerName.get(name.toLowerCase(Locale.ROOT));
  }

  int size() {
    return properties.size();
  }

  private static final class Builder {
    private final List<Property> props = new ArrayList<>();

    Builder add(String name, Type type, boolean dflt, boolean readOnly) {
      props.add(new Property(name, type, dflt, readOnly, props.size()));
      return this;
    }

    Builder dflt(String name, Type type) {
      return add(name, type, true, false);
    }

    Builder other(String name, Type type) {
      return add(name, type, false, false);
    }
  }

  /**
   * user-list.md: the 11 default properties first, in Graph's order; then the ones returned only on
   * $select.
   */
  public static final Schema USER;

  /** group-list.md: all stored group properties are returned by default. */
  public static final Schema GROUP;

  static {
    Builder u =
        new Builder()
            .dflt("businessPhones", Type.STRING_LIST)
            .dflt("displayName", Type.STRING)
            .dflt("givenName", Type.STRING)
            .dflt("jobTitle", Type.STRING)
            .dflt("mail", Type.STRING)
            .dflt("mobilePhone", Type.STRING)
            .dflt("officeLocation", Type.STRING)
            .dflt("preferredLanguage", Type.STRING)
            .dflt("surname", Type.STRING)
            .dflt("userPrincipalName", Type.STRING)
            .add("id", Type.STRING, true, true)
            .other("accountEnabled", Type.BOOLEAN)
            .add("createdDateTime", Type.DATETIME, false, true)
            .add("deletedDateTime", Type.DATETIME, false, true)
            .other("department", Type.STRING)
            .other("employeeId", Type.STRING)
            .other("mailNickname", Type.STRING)
            .other("userType", Type.STRING)
            .other("usageLocation", Type.STRING)
            .other("companyName", Type.STRING)
            .other("city", Type.STRING)
            .other("country", Type.STRING)
            .other("state", Type.STRING)
            .other("streetAddress", Type.STRING)
            .other("postalCode", Type.STRING)
            .other("employeeType", Type.STRING)
            .other("otherMails", Type.STRING_LIST)
            .other("onPremisesImmutableId", Type.STRING)
            .other("passwordPolicies", Type.STRING);
    USER = new Schema("microsoft.graph.user", "users", u.props);
    Builder g =
        new Builder()
            .add("id", Type.STRING, true, true)
            .add("deletedDateTime", Type.DATETIME, true, true)
            .dflt("classification", Type.STRING)
            .add("createdDateTime", Type.DATETIME, true, true)
            .dflt("description", Type.STRING)
            .dflt("displayName", Type.STRING)
            .dflt("groupTypes", Type.STRING_LIST)
            .dflt("isAssignableToRole", Type.BOOLEAN)
            .dflt("mail", Type.STRING)
            .dflt("mailEnabled", Type.BOOLEAN)
            .dflt("mailNickname", Type.STRING)
            .dflt("securityEnabled", Type.BOOLEAN)
            .dflt("visibility", Type.STRING);
    GROUP = new Schema("microsoft.graph.group", "groups", g.props);
  }
}
