package io.entraid.connector.core.operation.groups;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphErrorCategory;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.OData;
import io.entraid.connector.core.operation.InputSpec;
import io.entraid.connector.core.operation.InputType;
import io.entraid.connector.core.operation.Inputs;
import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationSpec;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.OutputSpec;
import io.entraid.connector.core.operation.OutputSpec.Kind;
import io.entraid.connector.core.operation.Result;
import io.entraid.connector.core.operation.Subjects;
import io.entraid.connector.core.operation.ValueFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a security or Microsoft 365 group, with owners and members. Graph takes at most 20 owners
 * and members together in the create request; further members are added afterwards, 20 per write.
 * An existing group with the same mail nickname is ENTRA_ALREADY_EXISTS, so a retried job does not
 * create a second group (Graph itself allows duplicate nicknames on security groups).
 */
public final class CreateGroup implements Operation {
  private enum Type {
    SECURITY,
    MICROSOFT365
  }

  /** group-post-groups.md: "a maximum of 20 relationships, such as owners and members". */
  static final int CREATE_BIND_LIMIT = 20;

  static final OperationSpec SPEC =
      new OperationSpec(
          "createGroup",
          "Create group",
          "Creates a security group or a Microsoft 365 group with optional owners and members. A group with the same"
              + " mail nickname is the BPMN error ENTRA_ALREADY_EXISTS. Group.Create creates the group; GroupMember.ReadWrite.All"
              + " reads groups for that check and adds members; User.Read.All lets the app assign users as owners and members.",
          Category.GROUPS,
          List.of(
              InputSpec.required(
                      "displayName",
                      "Display name",
                      InputType.STRING,
                      "The group's name, e.g. Project Phoenix")
                  .maxLength(256),
              InputSpec.optional(
                      "mailNickname",
                      "Mail nickname",
                      InputType.STRING,
                      "Mail alias, unique in the tenant (default: the display name's letters and digits)")
                  .format(ValueFormat.MAIL_NICKNAME)
                  .maxLength(64),
              InputSpec.optional(
                      "description", "Description", InputType.TEXT, "What the group is for")
                  .maxLength(1024),
              InputSpec.choice(
                  "type",
                  "Group type",
                  "security: a security group for access control; microsoft365: a Microsoft 365 group with mailbox",
                  Type.values()),
              InputSpec.optional(
                      "securityEnabled",
                      "Security enabled (Microsoft 365)",
                      InputType.BOOLEAN,
                      "For Microsoft 365 groups: whether the group can also grant access (default false)")
                  .defaultValue("false"),
              InputSpec.optional(
                      "owners",
                      "Owners",
                      InputType.STRING_LIST,
                      "Object ids or user principal names of the owners; a list or comma-separated")
                  .format(ValueFormat.USER_REF)
                  .maxLength(256)
                  .maxItems(CREATE_BIND_LIMIT),
              InputSpec.optional(
                      "members",
                      "Members",
                      InputType.STRING_LIST,
                      "Object ids or user principal names of the initial members; a list or comma-separated")
                  .format(ValueFormat.USER_REF)
                  .maxLength(256)
                  .maxItems(50_000)),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT, "group", "{id, displayName, mailNickname} of the new group")),
          // group-post-groups-permissions.md (Group.Create); group-post-groups.md (User.Read.All to
          // assign users);
          // group-post-members.md (GroupMember.ReadWrite.All: members beyond the create request,
          // and reading
          // groups for the duplicate check, which GroupMember.Read.All alone would allow)
          List.of("Group.Create", "User.Read.All", "GroupMember.ReadWrite.All"),
          "https://learn.microsoft.com/graph/api/group-post-groups");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String displayName = inputs.string("displayName");
    String nickname =
        inputs.optionalString("mailNickname").orElseGet(() -> nicknameFrom(displayName, inputs));
    refuseExisting(connection, nickname);
    Map<String, String> owners = Subjects.userIds(connection, inputs.list("owners"), SPEC.name());
    Map<String, String> members = Subjects.userIds(connection, inputs.list("members"), SPEC.name());
    List<Map.Entry<String, String>> memberList = List.copyOf(members.entrySet());
    int inCreate = Math.min(memberList.size(), CREATE_BIND_LIMIT - owners.size());

    Map<String, Object> body = new LinkedHashMap<>(typeProperties(inputs));
    body.put("displayName", displayName);
    body.put("mailNickname", nickname);
    inputs.optionalString("description").ifPresent(d -> body.put("description", d));
    if (!owners.isEmpty())
      body.put("owners@odata.bind", references(connection, List.copyOf(owners.values())));
    if (inCreate > 0) {
      body.put(
          "members@odata.bind",
          references(
              connection,
              memberList.subList(0, inCreate).stream().map(Map.Entry::getValue).toList()));
    }
    JsonNode group = create(connection, body, nickname);

    String id = group.path("id").asText();
    if (memberList.size() > inCreate) {
      Map<String, String> rest = new LinkedHashMap<>();
      memberList
          .subList(inCreate, memberList.size())
          .forEach(e -> rest.put(e.getKey(), e.getValue()));
      AddGroupMembers.add(connection, id, displayName, rest, SPEC.name());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", id);
    result.put("displayName", group.path("displayName").asText(displayName));
    result.put("mailNickname", group.path("mailNickname").asText(nickname));
    return Result.of(result);
  }

  private static Map<String, Object> typeProperties(Inputs inputs) {
    if (inputs.choice("type", Type.class) == Type.MICROSOFT365) {
      return Map.of(
          "groupTypes",
          List.of("Unified"),
          "mailEnabled",
          true,
          "securityEnabled",
          inputs.bool("securityEnabled"));
    }
    return Map.of("groupTypes", List.of(), "mailEnabled", false, "securityEnabled", true);
  }

  private static String nicknameFrom(String displayName, Inputs inputs) {
    String nickname = displayName.replaceAll("[^A-Za-z0-9]", "");
    if (nickname.isEmpty()) {
      throw inputs.invalid(
          "mailNickname",
          "was not given, and the display name "
              + UserText.quote(displayName)
              + " has no ASCII letters"
              + " or digits to derive it from. Fix: map a mail nickname such as project-phoenix.");
    }
    return nickname.length() > 64 ? nickname.substring(0, 64) : nickname;
  }

  private static void refuseExisting(EntraConnection connection, String nickname) {
    GraphRequest lookup =
        GraphRequest.get(GraphPath.of("groups"))
            .withQuery("$filter", "mailNickname eq " + OData.literal(nickname))
            .withQuery("$select", "id,displayName")
            .withQuery("$top", "1")
            .forOperation(SPEC.name());
    JsonNode existing = connection.graph().send(lookup).body().path("value");
    if (!existing.isEmpty()) {
      throw GraphException.alreadyExists(
          "A group with the mail nickname '"
              + nickname
              + "' already exists: "
              + existing.get(0).path("displayName").asText()
              + " ("
              + existing.get(0).path("id").asText()
              + "). Fix: use that group, or choose another mail nickname.");
    }
  }

  private static JsonNode create(
      EntraConnection connection, Map<String, Object> body, String nickname) {
    try {
      return connection
          .graph()
          .send(GraphRequest.post(GraphPath.of("groups"), body).forOperation(SPEC.name()))
          .body();
    } catch (GraphException e) {
      if (e.category() == GraphErrorCategory.OUTCOME_UNKNOWN) {
        // Neither display names nor security groups' mail nicknames are unique: no lookup can tell
        // this call's
        // group from another, so a person decides.
        throw e.withMessage(
            e.getMessage()
                + " The group '"
                + body.get("displayName")
                + "' may have been created."
                + " Fix: look for groups with the mail nickname '"
                + nickname
                + "' in Entra ID (Groups > All groups); if"
                + " one was created just now, use it and end this incident; if none exists, retry the task.");
      }
      if (e.category() != GraphErrorCategory.ALREADY_EXISTS) throw e;
      throw e.withMessage(
          "A group with the mail nickname "
              + UserText.quote(nickname)
              + " already exists ("
              + e.getMessage()
              + ")."
              + " Fix: use that group, or choose another mail nickname.");
    }
  }

  private static List<String> references(EntraConnection connection, List<String> ids) {
    return ids.stream().map(id -> AddGroupMembers.reference(connection, id)).toList();
  }
}
