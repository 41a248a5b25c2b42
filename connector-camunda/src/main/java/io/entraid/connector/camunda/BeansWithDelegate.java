package io.entraid.connector.camunda;

import java.util.AbstractMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The engine's expression beans plus one more. Engines configured from camunda.cfg.xml expose their
 * beans as a read-only view of the XML bean factory, which refuses additions; layering over it
 * works for every kind of engine.
 */
final class BeansWithDelegate extends AbstractMap<Object, Object> {
  private final Map<Object, Object> base;
  private final String name;
  private final Object bean;

  BeansWithDelegate(Map<Object, Object> base, String name, Object bean) {
    this.base = base;
    this.name = name;
    this.bean = bean;
  }

  @Override
  public Object get(Object key) {
    return name.equals(key) ? bean : base == null ? null : base.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return name.equals(key) || (base != null && base.containsKey(key));
  }

  @Override
  public Set<Entry<Object, Object>> entrySet() {
    Set<Entry<Object, Object>> entries = new LinkedHashSet<>();
    entries.add(new SimpleImmutableEntry<>(name, bean));
    if (base != null) {
      try {
        entries.addAll(base.entrySet());
      } catch (RuntimeException unsupported) {
        // the XML bean factory view cannot list its beans; lookups by name still work
      }
    }
    return entries;
  }
}
