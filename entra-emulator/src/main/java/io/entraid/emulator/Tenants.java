package io.entraid.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * All tenants of one emulator, found by GUID or verified domain (Entra accepts either in the
 * authority).
 */
final class Tenants {
  private final List<Tenant> all = new CopyOnWriteArrayList<>();

  void add(Tenant t) {
    all.add(t);
  }

  Optional<Tenant> byIdOrDomain(String idOrDomain) {
    String key = idOrDomain.toLowerCase(Locale.ROOT);
    return all.stream().filter(t -> t.tenantId().equals(key) || t.domain().equals(key)).findFirst();
  }

  Optional<Tenant> byId(String id) {
    return id == null
        ? Optional.empty()
        : all.stream().filter(t -> t.tenantId().equalsIgnoreCase(id)).findFirst();
  }

  List<Tenant> all() {
    return List.copyOf(all);
  }
}
