package io.entraid.emulator.token;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.Ids;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one place that shapes Microsoft identity platform error responses (entra-docs
 * reference-error-codes.md, v2-oauth2-client-creds-grant-flow.md "Error response"): {@code error},
 * {@code error_description} = "AADSTSnnnn: text\r\nTrace ID: ...\r\nCorrelation ID:
 * ...\r\nTimestamp: ...", {@code error_codes}, {@code timestamp}, {@code trace_id}, {@code
 * correlation_id}, {@code error_uri}.
 */
public record AadError(int status, String error, int code, String text) {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");

  public ApiResponse toResponse(String correlationId) {
    String traceId = Ids.randomGuid();
    String correlation =
        correlationId != null && !correlationId.isBlank() ? correlationId : Ids.randomGuid();
    String timestamp =
        TIMESTAMP.format(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
    ObjectNode body =
        Json.object()
            .put("error", error)
            .put(
                "error_description",
                "AADSTS"
                    + code
                    + ": "
                    + text
                    + "\r\nTrace ID: "
                    + traceId
                    + "\r\nCorrelation ID: "
                    + correlation
                    + "\r\nTimestamp: "
                    + timestamp);
    body.putArray("error_codes").add(code);
    body.put("timestamp", timestamp)
        .put("trace_id", traceId)
        .put("correlation_id", correlation)
        .put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
    return new ApiResponse(status, "application/json; charset=utf-8", Json.bytes(body))
        .header("x-ms-request-id", traceId)
        .header("Cache-Control", "no-store, no-cache")
        .header("Pragma", "no-cache");
  }

  // ---- the errors the emulator produces (texts from reference-error-codes.md and observed
  // responses) ----

  public static AadError wrongSecret(String appId) {
    return new AadError(
        401,
        "invalid_client",
        7000215,
        "Invalid client secret provided. Ensure the secret being sent"
            + " in the request is the client secret value, not the client secret ID, for a secret added to app '"
            + appId
            + "'.");
  }

  public static AadError expiredSecret(String appId) {
    return new AadError(
        401,
        "invalid_client",
        7000222,
        "The provided client secret keys for app '"
            + appId
            + "' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret,"
            + " or consider using certificate credentials for added security: https://aka.ms/certCreds.");
  }

  public static AadError missingSecret() {
    return new AadError(
        401,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }

  // ---- client assertions (certificate-credentials.md, workload-identity-federation.md; texts as
  // Entra returns them, e.g. in MicrosoftDocs azure-devops-docs errors-workload-identity.md) ----

  private static final String CERT_DOCS =
      " Review the documentation at"
          + " https://docs.microsoft.com/azure/active-directory/develop/active-directory-certificate-credentials .";

  /** AADSTS700027: no certificate of the app has the assertion's thumbprint. */
  public static AadError assertionKeyNotFound(String thumbprint, String appId) {
    return new AadError(
        401,
        "invalid_client",
        700027,
        "Client assertion contains an invalid signature. [Reason - The key was not found.,"
            + " Thumbprint of key used by client: '"
            + thumbprint
            + "', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see"
            + " configured keys for app Id '"
            + appId
            + "'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments"
            + " to determine the corresponding service endpoint and"
            + " https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http"
            + " to build a query request URL, such as"
            + " 'https://graph.microsoft.com/beta/applications/"
            + appId
            + "']");
  }

  /** AADSTS700027: the certificate is known but the signature does not verify with it. */
  public static AadError assertionBadSignature(String thumbprint) {
    return new AadError(
        401,
        "invalid_client",
        700027,
        "Client assertion contains an invalid signature. [Reason - The provided signature value"
            + " did not match the expected signature value., Thumbprint of key used by client: '"
            + thumbprint
            + "']");
  }

  /** AADSTS700024: now is outside [nbf, exp] of the assertion. */
  public static AadError assertionOutsideValidity(
      java.time.Instant now, java.time.Instant notBefore, java.time.Instant expires) {
    return new AadError(
        400,
        "invalid_client",
        700024,
        "Client assertion is not within its valid time range. Current time: "
            + now
            + ", assertion valid from "
            + notBefore
            + ", expiry time of assertion "
            + expires
            + "."
            + CERT_DOCS);
  }

  /** AADSTS700023: the assertion's aud is not this tenant's token endpoint. */
  public static AadError assertionWrongAudience() {
    return new AadError(
        400,
        "invalid_client",
        700023,
        "Client assertion audience claim does not match Realm issuer." + CERT_DOCS);
  }

  /** AADSTS700021: iss/sub of a certificate assertion is not the client_id. */
  public static AadError assertionWrongClient() {
    return new AadError(
        401,
        "invalid_client",
        700021,
        "Client assertion application identifier doesn't match 'client_id' parameter." + CERT_DOCS);
  }

  /**
   * A jti presented twice. Entra's code for a replayed client assertion is not documented; this is
   * the documented catch-all for invalid assertions (AADSTS50013 InvalidAssertion).
   */
  public static AadError assertionReplayed() {
    return new AadError(
        401,
        "invalid_client",
        50013,
        "Assertion failed signature validation. [Reason - The assertion was already used: its"
            + " jti has been presented before.]");
  }

  /** An assertion that is not a signed JWT, or an unsupported client_assertion_type. */
  public static AadError assertionMalformed(String why) {
    return new AadError(400, "invalid_client", 50027, "JWT token is invalid or malformed. " + why);
  }

  /** AADSTS70021: no federated credential for the assertion's issuer (and subject, audience). */
  public static AadError noMatchingFederatedCredential(
      String issuer, String subject, String audience) {
    return new AadError(
        400,
        "invalid_request",
        70021,
        "No matching federated identity record found for presented assertion. Assertion Issuer: '"
            + issuer
            + "'. Assertion Subject: '"
            + subject
            + "'. Assertion Audience: '"
            + audience
            + "'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation");
  }

  /** AADSTS700213: a federated credential for the issuer exists, none for the subject. */
  public static AadError noMatchingFederatedSubject(String subject) {
    return new AadError(
        400,
        "invalid_request",
        700213,
        "No matching federated identity record found for presented assertion subject '"
            + subject
            + "'. Check your federated identity credential Subject, Audience and Issuer against"
            + " the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation");
  }

  public static AadError unknownClient(String appId, String directoryName) {
    return new AadError(
        400,
        "unauthorized_client",
        700016,
        "Application with identifier '"
            + appId
            + "' was not found in the directory '"
            + directoryName
            + "'. This can happen if the application has not"
            + " been installed by the administrator of the tenant or consented to by any user in the tenant. You may"
            + " have sent your authentication request to the wrong tenant.");
  }

  public static AadError unknownTenant(String tenant) {
    return new AadError(
        400,
        "invalid_tenant",
        90002,
        "Tenant '"
            + tenant
            + "' not found. Check to make sure you"
            + " have the correct tenant ID and are signing into the correct cloud. Check with your subscription"
            + " administrator, this may happen if there are no active subscriptions for the tenant.");
  }

  public static AadError malformedTenant(String tenant) {
    return new AadError(
        400,
        "invalid_request",
        900023,
        "Specified tenant identifier '"
            + tenant
            + "' is neither a valid DNS name, nor a valid external domain.");
  }

  public static AadError noTenantInformation() {
    return new AadError(
        400,
        "invalid_request",
        50059,
        "No tenant-identifying information found in either the request or implied by any provided credentials.");
  }

  public static AadError scopeWithoutDefault(String scope) {
    return new AadError(
        400,
        "invalid_scope",
        1002012,
        "The provided value for scope "
            + scope
            + " is not valid."
            + " Client credential flows must have a scope value with /.default suffixed to the resource identifier"
            + " (application ID URI).");
  }

  public static AadError unknownResource(String resource, String tenantName) {
    return new AadError(
        400,
        "invalid_resource",
        500011,
        "The resource principal named "
            + resource
            + " was not found in the tenant named "
            + tenantName
            + ". This can happen if the application has not"
            + " been installed by the administrator of the tenant or consented to by any user in the tenant. You"
            + " might have sent your authentication request to the wrong tenant.");
  }

  public static AadError multipleResources() {
    return new AadError(
        400,
        "invalid_scope",
        700022,
        "The provided value for the input parameter scope is not"
            + " valid because it contains more than one resource.");
  }

  public static AadError missingParameter(String name) {
    return new AadError(
        400,
        "invalid_request",
        900144,
        "The request body must contain the following parameter: '" + name + "'.");
  }

  public static AadError unsupportedGrant(String grant) {
    return new AadError(
        400,
        "unsupported_grant_type",
        70003,
        "The app requested an unsupported grant type '" + grant + "'.");
  }

  public static AadError postOnly(String method) {
    return new AadError(
        400,
        "invalid_request",
        900561,
        "The endpoint only accepts POST, OPTIONS requests. Received a " + method + " request.");
  }

  public static AadError temporarilyUnavailable(int status) {
    // AADSTS90033 MsodsServiceUnavailable / transient errors (reference-error-codes.md).
    return new AadError(
        status,
        "temporarily_unavailable",
        90033,
        "A transient error has occurred. Please try again.");
  }
}
