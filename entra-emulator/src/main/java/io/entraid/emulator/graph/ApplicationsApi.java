package io.entraid.emulator.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.AppRegistration;
import io.entraid.emulator.Tenant;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /applications/{id}} and {@code GET /applications(appId='{appId}')} with {@code
 * $select} (application-get.md): an app registration with its client secrets as {@code
 * passwordCredentials} (passwordcredential.md: keyId, hint, startDateTime, endDateTime; the Value
 * is never returned) and {@code keyCredentials} (certificates; none are emulated here yet).
 */
final class ApplicationsApi {
  private static final Pattern BY_APP_ID =
      Pattern.compile("applications\\(appId='([^']*)'\\)", Pattern.CASE_INSENSITIVE);
  private static final List<String> PROPERTIES =
      List.of(
          "id", "appId", "displayName", "signInAudience", "keyCredentials", "passwordCredentials");

  private final String base;

  ApplicationsApi(String base) {
    this.base = base;
  }

  /** True for the first path segment of an application request. */
  static boolean handles(String firstSegment) {
    return firstSegment.equals("applications") || BY_APP_ID.matcher(firstSegment).matches();
  }

  ApiResponse get(Principal principal, ApiRequest req, Tenant tenant, List<String> segments) {
    if (!req.method().equals("GET")) {
      throw GraphService.methodNotAllowed();
    }
    Permissions.APPLICATIONS_READ.require(principal.roles());
    Matcher byAppId = BY_APP_ID.matcher(segments.get(0));
    String key;
    Optional<AppRegistration> app;
    if (byAppId.matches() && segments.size() == 1) {
      key = byAppId.group(1);
      app = tenant.app(key);
    } else if (segments.size() == 2 && segments.get(0).equals("applications")) {
      key = segments.get(1);
      app = tenant.apps().stream().filter(a -> a.objectId().equalsIgnoreCase(key)).findFirst();
    } else {
      throw GraphError.segmentNotFound(segments.get(segments.size() - 1));
    }
    List<String> select = select(req.query().get("$select"));
    AppRegistration found = app.orElseThrow(() -> GraphError.notFound(key));
    ObjectNode body =
        Json.object()
            .put(
                "@odata.context",
                base
                    + "/v1.0/$metadata#applications"
                    + (select.size() == PROPERTIES.size()
                        ? ""
                        : "(" + String.join(",", select) + ")")
                    + "/$entity");
    for (String property : select) {
      switch (property) {
        case "id" -> body.put("id", found.objectId());
        case "appId" -> body.put("appId", found.clientId());
        case "displayName" -> body.put("displayName", found.displayName());
        case "signInAudience" -> body.put("signInAudience", "AzureADMyOrg");
        case "keyCredentials" -> body.putArray("keyCredentials");
        default -> passwordCredentials(found, body.putArray("passwordCredentials"));
      }
    }
    return ApiResponse.odata(200, Json.bytes(body));
  }

  private static void passwordCredentials(AppRegistration app, ArrayNode into) {
    for (AppRegistration.Secret s : app.secrets()) {
      ObjectNode c = into.addObject();
      c.putNull("customKeyIdentifier");
      c.putNull("displayName");
      c.put("endDateTime", timestamp(s.expiresAt()));
      c.put("hint", s.hint());
      c.put("keyId", s.id());
      c.putNull("secretText");
      c.put("startDateTime", timestamp(s.startsAt()));
    }
  }

  private static String timestamp(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** The selected properties in Graph's order; an unknown one is Graph's 400. */
  private static List<String> select(String raw) {
    if (raw == null || raw.isBlank()) {
      return PROPERTIES;
    }
    List<String> wanted = new ArrayList<>();
    for (String name : raw.split(",")) {
      String n = name.strip();
      String known =
          PROPERTIES.stream()
              .filter(p -> p.toLowerCase(Locale.ROOT).equals(n.toLowerCase(Locale.ROOT)))
              .findFirst()
              .orElseThrow(
                  () ->
                      GraphError.badRequest(
                          "Could not find a property named '"
                              + n
                              + "' on type 'microsoft.graph.application'."));
      if (!wanted.contains(known)) {
        wanted.add(known);
      }
    }
    return PROPERTIES.stream().filter(wanted::contains).toList();
  }
}
