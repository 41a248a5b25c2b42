package io.entraid.connector.core.operation.users;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.operation.InputSpec;
import io.entraid.connector.core.operation.InputType;
import io.entraid.connector.core.operation.Inputs;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.OutputSpec;
import io.entraid.connector.core.operation.OutputSpec.Kind;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.ValueFormat;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Creates a user. Without a password input a strong temporary one is generated and returned once as
 * the output temporaryPassword; it is never logged. Not idempotent: a retried job whose first
 * attempt succeeded gets ENTRA_ALREADY_EXISTS, which a process may catch. When the answer to the
 * create is lost (5xx, timeout, reset), the user is looked up by its user principal name, its
 * unique key: one created within the call's window with the display name sent is this call's user,
 * and the call succeeds.
 */
public final class CreateUser implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "createUser",
          "Create user",
          "Creates a user account. Without a password, a strong temporary password is generated and returned in the"
              + " output temporaryPassword; the user must change it at first sign-in unless turned off. A user principal"
              + " name that is taken is the BPMN error ENTRA_ALREADY_EXISTS.",
          Category.USERS,
          List.of(
              InputSpec.required(
                      "userPrincipalName",
                      "User principal name",
                      InputType.STRING,
                      "The sign-in name, on a verified domain of the tenant, e.g. jane.doe@contoso.com")
                  .format(ValueFormat.UPN)
                  .maxLength(113),
              InputSpec.optional("givenName", "Given name", InputType.STRING, "e.g. Jane")
                  .maxLength(64),
              InputSpec.optional("surname", "Surname", InputType.STRING, "e.g. Doe").maxLength(64),
              InputSpec.optional(
                      "displayName",
                      "Display name",
                      InputType.STRING,
                      "Default: given name and surname, e.g. Jane Doe")
                  .maxLength(256),
              InputSpec.optional(
                      "mailNickname",
                      "Mail nickname",
                      InputType.STRING,
                      "Default: the part of the user principal name before @, without characters Graph does not allow")
                  .format(ValueFormat.MAIL_NICKNAME)
                  .maxLength(64),
              InputSpec.optional("department", "Department", InputType.STRING, "e.g. Sales")
                  .maxLength(64),
              InputSpec.optional("jobTitle", "Job title", InputType.STRING, "e.g. Account Manager")
                  .maxLength(128),
              InputSpec.optional(
                      "accountEnabled",
                      "Account enabled",
                      InputType.BOOLEAN,
                      "Whether the user can sign in (default true)")
                  .defaultValue("true"),
              InputSpec.optional(
                      "password",
                      "Password",
                      InputType.STRING,
                      "The initial password; leave empty to have a strong one generated and returned once")
                  .maxLength(256)
                  .asSensitive(),
              InputSpec.optional(
                      "forceChangePasswordNextSignIn",
                      "Change password at first sign-in",
                      InputType.BOOLEAN,
                      "Whether the user must choose a new password at the next sign-in (default true)")
                  .defaultValue("true")),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT,
                  "createdUser",
                  "{id, userPrincipalName, displayName} of the new user"),
              OutputSpec.extra(
                      "temporaryPassword",
                      Kind.STRING,
                      "temporaryPassword",
                      "The generated password, only when no password was given. Hand it to the user over a secure channel"
                          + " and do not keep it in the process longer than needed")
                  .asSensitive()),
          // api-reference/v1.0/includes/permissions/user-post-users-permissions.md
          List.of("User.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/user-post-users");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String upn = inputs.string("userPrincipalName");
    Optional<String> givenPassword = inputs.optionalString("password");
    String password = givenPassword.orElseGet(TemporaryPassword::generate);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accountEnabled", inputs.bool("accountEnabled"));
    body.put("displayName", displayName(inputs));
    body.put(
        "mailNickname",
        inputs.optionalString("mailNickname").orElseGet(() -> mailNickname(inputs, upn)));
    body.put("userPrincipalName", upn);
    for (String optional : List.of("givenName", "surname", "department", "jobTitle")) {
      inputs.optionalString(optional).ifPresent(v -> body.put(optional, v));
    }
    body.put(
        "passwordProfile",
        Map.of(
            "password",
            password,
            "forceChangePasswordNextSignIn",
            inputs.bool("forceChangePasswordNextSignIn")));

    Instant start = connection.graph().clock().instant();
    JsonNode created;
    try {
      created =
          send(
              connection,
              upn,
              GraphRequest.post(GraphPath.of("users"), body).forOperation(SPEC.name()));
    } catch (GraphException e) {
      if (e.category() != GraphErrorCategory.OUTCOME_UNKNOWN) throw e;
      // No user of this name created since the call began: the create was not applied, so retrying
      // is safe.
      created =
          createdByThisCall(connection, upn, (String) body.get("displayName"), start)
              .orElseThrow(
                  () ->
                      e.asTransient(
                          e.getMessage()
                              + " No user '"
                              + upn
                              + "' created since the call began was found, so it was not created; the task can be retried."));
    }
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("id", created.path("id").asText());
    user.put("userPrincipalName", created.path("userPrincipalName").asText(upn));
    user.put("displayName", created.path("displayName").asText((String) body.get("displayName")));
    Result result = Result.of(user);
    return givenPassword.isPresent() ? result : result.with("temporaryPassword", password);
  }

  private static JsonNode send(EntraConnection connection, String upn, GraphRequest request) {
    try {
      return connection.graph().send(request).body();
    } catch (GraphException e) {
      if (e.category() == GraphErrorCategory.ALREADY_EXISTS) {
        throw e.withMessage(
            "User "
                + UserText.quote(upn)
                + " already exists in the tenant of connection '"
                + connection.name()
                + "', or another object holds one of its unique values ("
                + e.getMessage()
                + "). Fix: choose another"
                + " userPrincipalName or mailNickname, or use the existing user.");
      }
      if (e.category() == GraphErrorCategory.INVALID_INPUT && e.getMessage().contains("password")) {
        throw e.withMessage(
            "Entra ID refused the password for "
                + UserText.quote(upn)
                + " ("
                + e.getMessage()
                + "). Fix: map a"
                + " password of 8 to 256 characters with three of: upper case, lower case, digits, symbols; or map none to"
                + " have a strong one generated.");
      }
      if (e.category() == GraphErrorCategory.INVALID_INPUT
          && e.getMessage().contains("userPrincipalName")) {
        throw e.withMessage(
            "Entra ID refused the userPrincipalName "
                + UserText.quote(upn)
                + " ("
                + e.getMessage()
                + "). Fix:"
                + " before the @ use only A-Z a-z 0-9 and ' . - _ ! # ^ ~ (no spaces, quotes or accents: juergen, not"
                + " jürgen), and after it a verified domain of the tenant.");
      }
      throw e;
    }
  }

  /** Allowance for the difference between this machine's clock and Microsoft's createdDateTime. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  /**
   * The user with this user principal name if it was created since {@code start} (less the clock
   * skew) with the display name this call sent, read through Graph's replication lag.
   */
  private static Optional<JsonNode> createdByThisCall(
      EntraConnection connection, String upn, String displayName, Instant start) {
    GraphRequest lookup =
        GraphRequest.get(GraphPath.of("users").key(upn))
            .withQuery("$select", "id,userPrincipalName,displayName,createdDateTime")
            .awaitingReplication()
            .forOperation(SPEC.name());
    JsonNode user;
    try {
      user = connection.graph().send(lookup).body();
    } catch (GraphException e) {
      if (e.category() == GraphErrorCategory.NOT_FOUND) return Optional.empty();
      throw e;
    }
    Instant created;
    try {
      created = Instant.parse(user.path("createdDateTime").asText());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    boolean ours =
        !created.isBefore(start.minus(CLOCK_SKEW))
            && displayName.equals(user.path("displayName").asText());
    return ours ? Optional.of(user) : Optional.empty();
  }

  private static String displayName(Inputs inputs) {
    return inputs
        .optionalString("displayName")
        .orElseGet(
            () -> {
              String joined =
                  Stream.of(inputs.optionalString("givenName"), inputs.optionalString("surname"))
                      .flatMap(Optional::stream)
                      .collect(Collectors.joining(" "));
              if (joined.isEmpty()) {
                throw inputs.invalid(
                    "displayName",
                    "is required when neither givenName nor surname is given. Fix: map a"
                        + " value to displayName, or to givenName and surname.");
              }
              return joined;
            });
  }

  /**
   * Graph allows ASCII letters, digits and some punctuation: accents are dropped (Jörg: Jorg), the
   * rest removed.
   */
  private static String mailNickname(Inputs inputs, String upn) {
    String local =
        Normalizer.normalize(upn.substring(0, upn.lastIndexOf('@')), Normalizer.Form.NFD);
    String nickname = local.replaceAll("[^A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~.]", "");
    nickname = nickname.replaceAll("^\\.+|\\.+$", "");
    if (nickname.isEmpty()) {
      throw inputs.invalid(
          "mailNickname",
          "could not be derived from the user principal name "
              + UserText.quote(upn)
              + "."
              + " Fix: map a mail nickname of ASCII letters and digits to it.");
    }
    return nickname.length() > 64 ? nickname.substring(0, 64) : nickname;
  }
}
