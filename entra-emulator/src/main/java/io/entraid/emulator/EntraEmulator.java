package io.entraid.emulator;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.entraid.emulator.graph.GraphService;
import io.entraid.emulator.graph.Permissions;
import io.entraid.emulator.graph.TokenValidator;
import io.entraid.emulator.tls.KeyPairs;
import io.entraid.emulator.tls.SelfSignedCertificate;
import io.entraid.emulator.token.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for the Microsoft Entra ID token endpoint and a Microsoft Graph v1.0 subset,
 * served over HTTPS on 127.0.0.1. Start one with {@link #builder()}; close it when done.
 *
 * <pre>{@code
 * try (EntraEmulator emu = EntraEmulator.builder().users(100).groups(20).seed(42L).start()) {
 *     // authority: emu.authorityHost() + "/" + emu.tenantId(); scope: emu.graphEndpoint() + "/.default"
 * }
 * }</pre>
 */
public final class EntraEmulator implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EntraEmulator.class.getName());
  static final String DEFAULT_DOMAIN = "contoso.onmicrosoft.com";

  static {
    // The JDK server writes TLS records for headers and body separately; with Nagle on, the
    // client's delayed ACK
    // adds ~40 ms to every response. Read once by the JDK's ServerConfig, so set before the first
    // server exists.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpsServer server;
  private final ExecutorService executor;
  private final Tenants tenants;
  private final Tenant primary;
  private final AppRegistration defaultApp;
  private final Faults faults;
  private final RequestLog requestLog;
  private final TokenEndpoint tokenEndpoint;
  private final Router router;
  private final Random idRandom;
  private final String baseUrl;
  private final Path trustStorePath;
  private final String trustStorePassword;
  private final SSLContext clientContext;
  private final Federation federation;
  private final Clock clock;
  private ManagedIdentityEndpoint managedIdentity; // guarded by this; started on first use
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  private EntraEmulator(Builder b) throws IOException {
    this.idRandom = new Random(b.seed ^ 0x5DEECE66DL);
    this.faults = new Faults(b.seed);
    faults.latencyMs(b.latencyMs).throttlePercent(b.throttlePercent);
    this.tenants = new Tenants();
    Directory directory =
        b.directoryFile != null
            ? Directory.load(b.directoryFile)
            : Directory.seeded(b.users, b.groups, b.seed, b.domain);
    // A directory file names its own domain; it becomes the tenant's unless the builder set one
    // explicitly.
    String domain = b.directoryFile != null && !b.domainSet ? directory.defaultDomain() : b.domain;
    directory.addVerifiedDomain(domain);
    this.primary = new Tenant(Ids.guid(idRandom), domain, directory, idRandom);
    tenants.add(primary);
    this.defaultApp = primary.registerApp("Entra ID emulator default app", Permissions.allRoles());
    if (b.secretEndDateTime != null) {
      defaultApp.expireSecretAt(defaultApp.secret().id(), b.secretEndDateTime);
    }

    // First start in a JVM: generate the two RSA key pairs in parallel.
    java.util.concurrent.CompletableFuture<java.security.KeyPair> signingKeys =
        java.util.concurrent.CompletableFuture.supplyAsync(KeyPairs::tokenSigning);
    SelfSignedCertificate cert = new SelfSignedCertificate(KeyPairs.tls());
    this.trustStorePassword = SelfSignedCertificate.randomPassword();
    this.trustStorePath = cert.writeTrustStore(trustStorePassword.toCharArray()).toAbsolutePath();
    this.clientContext = cert.clientContext();

    this.server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), b.port), 256);
    server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
    this.baseUrl = "https://127.0.0.1:" + server.getAddress().getPort();

    Jwt jwt = new Jwt(signingKeys.join());
    this.requestLog = new RequestLog();
    this.clock = b.clock;
    this.federation = new Federation(baseUrl);
    this.tokenEndpoint =
        new TokenEndpoint(tenants, jwt, faults, baseUrl, baseUrl, b.cloud, b.clock, federation);
    TokenValidator validator =
        new TokenValidator(jwt, baseUrl, tid -> tenants.byId(tid).isPresent(), b.clock);
    GraphService graph = new GraphService(baseUrl, tid -> tenants.byId(tid).orElseThrow(), faults);
    this.router = new Router(tokenEndpoint, validator, graph, faults, requestLog, closed);
    server.createContext("/", new HttpFront(router, faults));
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            b.threads,
            r -> {
              Thread t = new Thread(r, "entra-emulator-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    LOG.log(
        System.Logger.Level.DEBUG,
        "Entra emulator serving on {0} (tenant {1}, {2} users, {3} groups)",
        baseUrl,
        primary.tenantId(),
        directory.userCount(),
        directory.groupCount());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The primary tenant's GUID. */
  public String tenantId() {
    return primary.tenantId();
  }

  /** The primary tenant's verified domain; accepted in the authority wherever the GUID is. */
  public String tenantDomain() {
    return primary.domain();
  }

  public Tenant tenant() {
    return primary;
  }

  /**
   * The default app registration: every Graph application role the emulator knows, admin consent
   * granted.
   */
  public AppRegistration defaultApp() {
    return defaultApp;
  }

  public String clientId() {
    return defaultApp.clientId();
  }

  /** The default app's secret Value. */
  public String clientSecret() {
    return defaultApp.secret().value();
  }

  /** The default app's secret ID (a GUID): what users paste by mistake. */
  public String clientSecretId() {
    return defaultApp.secret().id();
  }

  /** {@code https://127.0.0.1:PORT}: the authority is this plus "/" + tenant. */
  public String authorityHost() {
    return baseUrl;
  }

  /**
   * {@code https://127.0.0.1:PORT} (Graph paths are /v1.0/...); also the access tokens' audience.
   */
  public String graphEndpoint() {
    return baseUrl;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** A PKCS12 file holding only the emulator's certificate; deleted on close. */
  public Path trustStorePath() {
    return trustStorePath;
  }

  public String trustStorePassword() {
    return trustStorePassword;
  }

  /** An SSLContext that trusts the emulator's certificate (and nothing else). */
  public SSLContext sslContext() {
    return clientContext;
  }

  /**
   * Instance-discovery metadata for MSAL4J's {@code aadInstanceDiscoveryResponse(...)}. Needed only
   * for MSAL's token cache: MSAL4J 1.26 stores app tokens under the host without port but looks
   * them up with host:port, so against any authority with an explicit port (the emulator's) every
   * call misses the cache. Listing both as aliases restores the behaviour clients get from Entra
   * (no port). Also avoids any discovery call.
   */
  public String msalInstanceDiscoveryResponse() {
    String hostPort = baseUrl.substring("https://".length());
    return "{\"tenant_discovery_endpoint\":\""
        + baseUrl
        + "/"
        + tenantId()
        + "/v2.0/.well-known/openid-configuration\",\"api-version\":\"1.1\",\"metadata\":[{"
        + "\"preferred_network\":\"127.0.0.1\",\"preferred_cache\":\"127.0.0.1\",\"aliases\":[\""
        + hostPort
        + "\",\"127.0.0.1\"]}]}";
  }

  /** Token requests received for that client id, whatever their outcome. */
  public int tokenRequestCount(String clientId) {
    return tokenEndpoint.requestCount(clientId);
  }

  /** Every request received so far (batch items included, marked), oldest first. */
  public List<RecordedRequest> requests() {
    return requestLog.snapshot();
  }

  public void clearRequests() {
    requestLog.clear();
  }

  /** A new app in the primary tenant with one valid secret and admin consent granted. */
  public AppRegistration registerApp(String displayName, Set<String> applicationRoles) {
    return primary.registerApp(displayName, applicationRoles);
  }

  /**
   * A second tenant with its own apps and (empty) directory, e.g. to provoke cross-tenant errors
   * (700016).
   */
  public Tenant addTenant(String domain) {
    Tenant t;
    synchronized (idRandom) {
      t =
          new Tenant(
              Ids.guid(idRandom),
              domain,
              Directory.seeded(0, 0, idRandom.nextLong(), domain),
              idRandom);
    }
    tenants.add(t);
    return t;
  }

  /**
   * The emulated external token issuer for workload identity federation: register it on an app with
   * {@link AppRegistration#addFederatedCredential} and hand its tokens to the client.
   */
  public Federation federation() {
    return federation;
  }

  /**
   * The managed identity endpoint of an emulated App Service (plain HTTP on 127.0.0.1), started on
   * first use; a client process gets its {@code endpoint()} and {@code header()} as
   * IDENTITY_ENDPOINT and IDENTITY_HEADER.
   */
  public synchronized ManagedIdentityEndpoint managedIdentity() {
    if (managedIdentity == null) {
      managedIdentity =
          new ManagedIdentityEndpoint(primary, tokenEndpoint, faults, clock, executor);
    }
    return managedIdentity;
  }

  /** The primary tenant's directory. */
  public Directory directory() {
    return primary.directory();
  }

  public Faults faults() {
    return faults;
  }

  /** Stops serving, releases hung requests and deletes the trust store file. */
  @Override
  public void close() {
    if (closed.isDone()) {
      return;
    }
    closed.complete(null); // releases "hang" faults so their threads end
    server.stop(0);
    synchronized (this) {
      if (managedIdentity != null) managedIdentity.close();
    }
    executor.shutdownNow();
    try {
      Files.deleteIfExists(trustStorePath);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "Cannot delete " + trustStorePath + ": " + e);
    }
  }

  /** Emulator settings; every one has a default. */
  public static final class Builder {
    private int port;
    private int users;
    private int groups;
    private long seed = 1L;
    private int latencyMs;
    private int throttlePercent;
    private Path directoryFile;
    private String domain = DEFAULT_DOMAIN;
    private boolean domainSet;
    private int threads = 32;
    private NationalCloud cloud = NationalCloud.GLOBAL;
    private Clock clock = Clock.systemUTC();
    private Instant secretEndDateTime;

    private Builder() {}

    /**
     * When the default app's secret expires (default: in two years): soon, to see expiry warnings;
     * in the past, for AADSTS7000222.
     */
    public Builder secretEndDateTime(Instant endDateTime) {
      this.secretEndDateTime = endDateTime;
      return this;
    }

    /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The cloud whose token service this emulates (default GLOBAL): its Graph URL, e.g.
     * https://graph.microsoft.us for US_GOV, is accepted as resource and means this emulator's
     * Graph; another cloud's is AADSTS500011.
     */
    public Builder cloud(NationalCloud cloud) {
      this.cloud = cloud;
      return this;
    }

    /** Number of generated users (default 0). */
    public Builder users(int users) {
      this.users = users;
      return this;
    }

    /** Number of generated groups (default 0). */
    public Builder groups(int groups) {
      this.groups = groups;
      return this;
    }

    /**
     * Seed for everything generated: same seed, same directory, ids, tenant id and client id.
     * Default 1.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The time tokens are issued and checked by (lifetime, secret expiry); tests pass one they can
     * advance.
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder latencyMs(int ms) {
      this.latencyMs = ms;
      return this;
    }

    public Builder throttlePercent(int percent) {
      this.throttlePercent = percent;
      return this;
    }

    /**
     * Load the directory from this JSON file (see {@link Directory#load}) instead of generating
     * one.
     */
    public Builder directoryFile(Path file) {
      this.directoryFile = file;
      return this;
    }

    /** The primary tenant's verified domain (default contoso.onmicrosoft.com). */
    public Builder tenantDomain(String domain) {
      this.domain = domain;
      this.domainSet = true;
      return this;
    }

    /** Size of the request thread pool (default 32). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public EntraEmulator start() {
      if (port < 0 || port > 65535 || users < 0 || groups < 0 || threads < 1) {
        throw new IllegalArgumentException("port must be 0-65535, users/groups >= 0, threads >= 1");
      }
      try {
        return new EntraEmulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot start the Entra emulator", e);
      }
    }
  }
}
