package io.entraid.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** One Entra tenant: its id and verified domain, its app registrations and its directory. */
public final class Tenant {
  private final String id;
  private final String domain;
  private final Directory directory;
  private final ConcurrentMap<String, AppRegistration> apps = new ConcurrentHashMap<>();
  private final Random idRandom;

  Tenant(String id, String domain, Directory directory, Random idRandom) {
    this.id = id;
    this.domain = domain.toLowerCase(java.util.Locale.ROOT);
    this.directory = directory;
    this.idRandom = idRandom;
  }

  public String tenantId() {
    return id;
  }

  public String domain() {
    return domain;
  }

  /**
   * The organization name Entra shows in some messages ("contoso.onmicrosoft.com" -> "Contoso").
   */
  public String displayName() {
    String first = domain.split("\\.")[0];
    return Character.toUpperCase(first.charAt(0)) + first.substring(1);
  }

  public Directory directory() {
    return directory;
  }

  /** A new app registration with one secret valid for two years and admin consent granted. */
  public AppRegistration registerApp(String displayName, Set<String> applicationRoles) {
    String clientId;
    String spId;
    synchronized (idRandom) {
      clientId = Ids.guid(idRandom);
      spId = Ids.guid(idRandom);
    }
    AppRegistration app = new AppRegistration(this, clientId, spId, displayName, applicationRoles);
    app.addSecret(Instant.now().plus(730, ChronoUnit.DAYS));
    apps.put(clientId, app);
    return app;
  }

  /**
   * A managed identity's service principal: like an app, with no credential of its own (the managed
   * identity endpoint vouches for it).
   */
  AppRegistration registerIdentity(String displayName, Set<String> applicationRoles) {
    String clientId;
    String spId;
    synchronized (idRandom) {
      clientId = Ids.guid(idRandom);
      spId = Ids.guid(idRandom);
    }
    return new AppRegistration(this, clientId, spId, displayName, applicationRoles);
  }

  public Optional<AppRegistration> app(String clientId) {
    return clientId == null
        ? Optional.empty()
        : Optional.ofNullable(apps.get(clientId.toLowerCase(java.util.Locale.ROOT)));
  }

  public Collection<AppRegistration> apps() {
    return List.copyOf(apps.values());
  }

  public boolean removeApp(String clientId) {
    return apps.remove(clientId) != null;
  }

  @Override
  public String toString() {
    return "Tenant[" + domain + ", " + id + "]";
  }
}
