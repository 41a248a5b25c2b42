package io.entraid.connector.core.token;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What went wrong when a connection could not get a usable token, and how to fix it. This enum is
 * the one source of the troubleshooting text: exceptions, connection tests and the README table use
 * it. Keyed on Microsoft's AADSTS code where there is one (the OAuth {@code error} alone is too
 * coarse).
 */
public enum Diagnosis {
  WRONG_SECRET(
      7000215,
      "Entra ID rejected the client secret.",
      "Use the secret's Value (Certificates & secrets, shown only once when created), not its Secret ID. If the Value was not saved, create a new secret."),
  EXPIRED_SECRET(
      7000222,
      "The client secret has expired.",
      "Create a new client secret under Certificates & secrets and put its Value in ClientSecret."),
  EXPIRED_CERTIFICATE(
      0,
      "The client certificate has expired.",
      "Create a new certificate, upload its public key under Certificates & secrets and point ClientCertificate at the new file."),
  SECRET_MISSING(
      7000218,
      "The token request carried no client secret.",
      "Set ClientSecret to the Value of a client secret."),
  APP_NOT_FOUND(
      700016,
      "No application with this ClientID exists in this tenant.",
      "Check ClientID (Application (client) ID) and TenantID (Directory (tenant) ID) on the app registration's Overview page. An app registered in another tenant needs an admin of this tenant to consent to it."),
  APP_DISABLED(
      7000112,
      "The application is disabled in this tenant.",
      "Enable the app's enterprise application (service principal) in Microsoft Entra ID > Enterprise applications."),
  TENANT_NOT_FOUND(
      90002,
      "The tenant does not exist in this cloud.",
      "Check TenantID. If the tenant lives in a national cloud (US Government, China), set Cloud accordingly."),
  TENANT_MALFORMED(
      900023,
      "The tenant identifier is neither a GUID nor a valid domain.",
      "Set TenantID to the Directory (tenant) ID or a verified domain such as contoso.onmicrosoft.com."),
  NO_SPECIFIC_TENANT(
      50059,
      "The token request named no specific tenant (common or organizations).",
      "Set TenantID to your own Directory (tenant) ID; app-only tokens cannot use common, organizations or consumers."),
  INVALID_SCOPE(
      1002012,
      "The requested scope is not valid for app-only tokens.",
      "Check GraphEndpoint: the scope is built as {GraphEndpoint}/.default and must name the Graph resource of the tenant's cloud."),
  UNKNOWN_RESOURCE(
      500011,
      "The tenant does not know the requested resource (the Graph endpoint).",
      "Check GraphEndpoint and Cloud: the Graph endpoint must belong to the same cloud as the tenant."),
  UNKNOWN_CERTIFICATE(
      700027,
      "Entra ID does not accept the signature of the client assertion: the app registration has no certificate with this thumbprint, or the key does not belong to it.",
      "Upload the certificate's public part (.cer or .pem, without the key) under Certificates & secrets > Certificates of this app registration, and point ClientCertificate at the file with the matching private key."),
  ASSERTION_EXPIRED(
      700024,
      "The client assertion is outside its valid time range (expired or not yet valid).",
      "With ClientAssertionFile: the token in the file has expired; check that whatever writes it (AKS workload identity, a CI job) keeps refreshing it. Otherwise check this machine's clock."),
  ASSERTION_WRONG_AUDIENCE(
      700023,
      "The client assertion was made for another token endpoint than the one it was sent to.",
      "Check TenantID, Cloud and AuthorityHost: the assertion's audience must be this tenant's token endpoint."),
  NO_FEDERATED_CREDENTIAL(
      70021,
      "No federated credential of the app matches the issuer, subject and audience of the token in ClientAssertionFile.",
      "Under Certificates & secrets > Federated credentials, add one whose issuer, subject and audience (api://AzureADTokenExchange) equal the token's; the message names the token's values."),
  NO_FEDERATED_SUBJECT(
      700213,
      "The app has a federated credential for this issuer, but none for the token's subject.",
      "Set the federated credential's subject identifier to the token's sub exactly (case-sensitive), e.g. system:serviceaccount:<namespace>:<service account> on AKS."),
  CREDENTIAL_FILE_UNUSABLE(
      0,
      "The connection's credential file cannot be used.",
      "Correct the file as described; it is read again at the next token request, no restart needed."),
  MANAGED_IDENTITY_UNAVAILABLE(
      0,
      "No managed identity endpoint answered.",
      "Run the engine on an Azure resource whose managed identity is switched on (App Service, Functions, Container Apps, a VM); for a user-assigned identity, assign it to that resource and put its client ID in ManagedIdentity."),
  THROTTLED(
      0,
      "The token endpoint is throttling this application (HTTP 429).",
      "Wait and retry. Tokens are cached per connection, so this usually means many processes or JVMs request tokens for the same app at once; share connections instead of rebuilding them."),
  HOST_UNREACHABLE(
      0,
      "The sign-in host could not be reached.",
      "Check DNS, firewall and proxy settings for the host named in the message, and AuthorityHost if you set it."),
  TLS_UNTRUSTED(
      0,
      "The TLS connection to the sign-in host failed: its certificate is not trusted.",
      "Add the issuing CA to the JVM trust store, or start the JVM with -Djavax.net.ssl.trustStore and -Djavax.net.ssl.trustStorePassword pointing at a store that holds it (the emulator prints one)."),
  NO_APPLICATION_PERMISSIONS(
      0,
      "The token carries no application permissions (no roles claim).",
      "In the app registration, add Microsoft Graph permissions of type Application (not Delegated) under API permissions, then click Grant admin consent."),
  TOKEN_REQUEST_FAILED(
      0,
      "Entra ID refused the token request.",
      "Look up the AADSTS code in the message in Microsoft's error reference; the correlation ID identifies the request for Microsoft support.");

  private final int aadstsCode;
  private final String cause;
  private final String fix;

  Diagnosis(int aadstsCode, String cause, String fix) {
    this.aadstsCode = aadstsCode;
    this.cause = cause;
    this.fix = fix;
  }

  /** The AADSTS code this diagnosis is keyed on, or 0 when it is not recognized by a code. */
  public int aadstsCode() {
    return aadstsCode;
  }

  public String cause() {
    return cause;
  }

  public String fix() {
    return fix;
  }

  public static Optional<Diagnosis> forAadstsCode(int code) {
    return Arrays.stream(values())
        .filter(d -> d.aadstsCode != 0 && d.aadstsCode == code)
        .findFirst();
  }

  /** The README's troubleshooting table; a test keeps the README equal to this. */
  public static String markdownTable() {
    return "| Diagnosis | Entra ID code | Cause | Fix |\n|---|---|---|---|\n"
        + Arrays.stream(values())
            .map(
                d ->
                    "| `"
                        + d.name()
                        + "` | "
                        + (d.aadstsCode == 0 ? "" : "AADSTS" + d.aadstsCode)
                        + " | "
                        + d.cause
                        + " | "
                        + d.fix
                        + " |")
            .collect(Collectors.joining("\n"))
        + "\n";
  }
}
