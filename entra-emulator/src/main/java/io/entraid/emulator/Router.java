package io.entraid.emulator;

import io.entraid.emulator.graph.GraphError;
import io.entraid.emulator.graph.GraphService;
import io.entraid.emulator.graph.Principal;
import io.entraid.emulator.graph.ResourceUnits;
import io.entraid.emulator.graph.TokenValidator;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.token.AadError;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request pipeline shared by the HTTPS front and JSON batch items: routing, injected faults,
 * authentication, throttling, then the handler; every request is recorded.
 */
final class Router {
  private static final Pattern TOKEN = Pattern.compile("/([^/]+)/oauth2/v2\\.0/token/?");
  private static final Pattern TOKEN_V1 = Pattern.compile("/([^/]+)/oauth2/token/?");
  private static final Pattern KEYS = Pattern.compile("/([^/]+)/discovery(/v2\\.0)?/keys/?");
  private static final Pattern OPENID =
      Pattern.compile("/([^/]+)(/v2\\.0)?/\\.well-known/openid-configuration/?");

  private final TokenEndpoint tokenEndpoint;
  private final TokenValidator tokenValidator;
  private final GraphService graph;
  private final Faults faults;
  private final RequestLog log;
  private final ResourceUnits resourceUnits = new ResourceUnits();
  private final CompletableFuture<Void> closed;

  Router(
      TokenEndpoint tokenEndpoint,
      TokenValidator tokenValidator,
      GraphService graph,
      Faults faults,
      RequestLog log,
      CompletableFuture<Void> closed) {
    this.tokenEndpoint = tokenEndpoint;
    this.tokenValidator = tokenValidator;
    this.graph = graph;
    this.faults = faults;
    this.log = log;
    this.closed = closed;
  }

  ResourceUnits resourceUnits() {
    return resourceUnits;
  }

  ApiResponse handle(ApiRequest req) {
    ApiResponse resp;
    try {
      resp = route(req);
    } catch (GraphError e) {
      resp = e.toResponse(req);
    }
    log.record(req, resp.status());
    return resp;
  }

  private ApiResponse route(ApiRequest req) {
    String path = req.rawPath();
    boolean graphPath = path.equals("/v1.0") || path.startsWith("/v1.0/");
    if (!req.batchItem() && faults.takeHang(path)) {
      return ApiResponse.empty(504).holdUntil(closed);
    }
    int injected = faults.takeFailure(path);
    if (graphPath) {
      return graphRequest(req, injected);
    }
    Matcher m = TOKEN.matcher(path);
    if (m.matches()) {
      if (injected > 0) {
        return AadError.temporarilyUnavailable(injected)
            .toResponse(req.header("client-request-id"));
      }
      return tokenEndpoint.token(decode(m.group(1)), req, false);
    }
    m = TOKEN_V1.matcher(path);
    if (m.matches()) {
      if (injected > 0) {
        return AadError.temporarilyUnavailable(injected)
            .toResponse(req.header("client-request-id"));
      }
      return tokenEndpoint.token(decode(m.group(1)), req, true);
    }
    m = KEYS.matcher(path);
    if (m.matches() && req.method().equals("GET")) {
      return tokenEndpoint.keys(decode(m.group(1)));
    }
    m = OPENID.matcher(path);
    if (m.matches() && req.method().equals("GET")) {
      return tokenEndpoint.openidConfiguration(decode(m.group(1)), m.group(2) != null);
    }
    return ApiResponse.text(404, "Not found: " + req.method() + " " + path);
  }

  private ApiResponse graphRequest(ApiRequest req, int injected) {
    if (injected > 0) {
      throw injected == 429
          ? GraphError.throttled(faults.retryAfterSeconds())
          : GraphError.serverError(injected);
    }
    Principal principal = tokenValidator.authenticate(req);
    String ruHeader = null;
    String limitHeader = null;
    int quota = faults.resourceUnitQuota();
    if (quota > 0 && !graph.isBatch(req)) {
      ResourceUnits.Decision d =
          resourceUnits.charge(
              principal.appId() + "/" + principal.tenantId(),
              ResourceUnits.cost(req),
              ResourceUnits.isWrite(req),
              quota,
              System.currentTimeMillis());
      if (!d.allowed()) {
        throw GraphError.throttled(d.retryAfterSeconds())
            .header(
                "x-ms-throttle-scope",
                "Tenant_Application/ReadWrite/" + principal.appId() + "/" + principal.tenantId())
            .header("x-ms-throttle-information", d.limit());
      }
      ruHeader = Integer.toString(d.cost());
      if (d.usedFraction() > 0.8) {
        limitHeader = String.format(Locale.ROOT, "%.1f", d.usedFraction());
      }
    }
    if (!graph.isBatch(req) && faults.rollThrottle()) {
      throw GraphError.throttled(faults.retryAfterSeconds())
          .header(
              "x-ms-throttle-scope",
              "Tenant_Application/ReadWrite/" + principal.appId() + "/" + principal.tenantId())
          .header("x-ms-throttle-information", "ResourceUnitLimitExceeded");
    }
    if (!graph.isBatch(req)) {
      int error = faults.rollError();
      if (error > 0) {
        throw GraphError.serverError(error);
      }
    }
    int afterwards = req.batchItem() ? 0 : faults.takeApplyThenFail(req.method(), req.rawPath());
    ApiResponse resp = graph.handle(principal, req, this::handle);
    if (afterwards > 0) {
      throw GraphError.serverError(afterwards);
    }
    if (ruHeader != null) {
      resp.header("x-ms-resource-unit", ruHeader);
    }
    if (limitHeader != null) {
      resp.header("x-ms-throttle-limit-percentage", limitHeader);
    }
    return resp;
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(
        segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
