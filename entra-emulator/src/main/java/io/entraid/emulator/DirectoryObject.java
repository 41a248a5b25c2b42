package io.entraid.emulator;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of a user or group. Changes produce a new snapshot with a higher {@link
 * #version()} (the tenant's change sequence at the time of the change), which is what delta queries
 * compare against.
 */
public abstract sealed class DirectoryObject permits User, Group {
  final Object[] values;
  final long version;

  /**
   * The change sequence at creation, and per property changed since then the sequence of its last
   * change.
   */
  private long born;

  private Map<String, Long> changedAt = Map.of();

  DirectoryObject(Object[] values, long version) {
    this.values = values;
    this.version = version;
    this.born = version;
  }

  /**
   * The properties changed after change sequence {@code since}, or null if the object was created
   * after it (then everything is new). What {@code Prefer: return=minimal} on a delta link returns
   * (user-delta.md).
   */
  public java.util.Set<String> changedSince(long since) {
    if (born > since) {
      return null;
    }
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    changedAt.forEach(
        (k, at) -> {
          if (at > since) {
            out.add(k);
          }
        });
    return out;
  }

  public abstract Schema schema();

  abstract DirectoryObject copy(Object[] newValues, long newVersion);

  public String id() {
    return (String) values[schema().property("id").index()];
  }

  public long version() {
    return version;
  }

  /**
   * A property's value (String, Boolean or List&lt;String&gt;), or null; unknown names give null.
   */
  public Object get(String property) {
    Schema.Property p = schema().property(property);
    return p == null ? null : values[p.index()];
  }

  String str(String property) {
    return (String) get(property);
  }

  @SuppressWarnings("unchecked")
  List<String> list(String property) {
    Object v = get(property);
    return v == null ? List.of() : (List<String>) v;
  }

  boolean bool(String property) {
    return Boolean.TRUE.equals(get(property));
  }

  /** All non-null properties in schema order. */
  public Map<String, Object> properties() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Schema.Property p : schema().properties()) {
      if (values[p.index()] != null) {
        m.put(p.name(), values[p.index()]);
      }
    }
    return Collections.unmodifiableMap(m);
  }

  DirectoryObject with(Map<String, Object> changes, long newVersion) {
    Object[] v = Arrays.copyOf(values, values.length);
    Map<String, Long> changed = new java.util.HashMap<>(changedAt);
    changes.forEach(
        (k, val) -> {
          Schema.Property p = schema().property(k);
          if (!java.util.Objects.equals(v[p.index()], val)) {
            changed.put(p.name(), newVersion);
          }
          v[p.index()] = val;
        });
    DirectoryObject next = copy(v, newVersion);
    next.born = born;
    next.changedAt = Map.copyOf(changed);
    return next;
  }

  @Override
  public String toString() {
    return schema().resourceName() + properties();
  }
}
