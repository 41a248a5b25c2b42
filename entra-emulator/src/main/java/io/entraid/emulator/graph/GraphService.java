package io.entraid.emulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.Directory;
import io.entraid.emulator.DirectoryObject;
import io.entraid.emulator.Faults;
import io.entraid.emulator.Group;
import io.entraid.emulator.Schema;
import io.entraid.emulator.Tenant;
import io.entraid.emulator.User;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import io.entraid.emulator.http.Json;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Microsoft Graph v1.0 routing for the supported subset: users, groups, memberships, managers,
 * deleted items, delta, $batch and reading app registrations. Every endpoint checks its entry of
 * the {@link Permissions} table first.
 */
public final class GraphService {
  private static final int MAX_REFERENCES = 20;

  private final String base;
  private final Function<String, Tenant> tenants;
  private final DeltaApi delta;
  private final ApplicationsApi applications;
  private final BatchApi batch;
  private final ReplicationLag lag;

  /**
   * @param tenants the tenant of a token's {@code tid}
   */
  public GraphService(String base, Function<String, Tenant> tenants, Faults faults) {
    this.base = base;
    this.tenants = tenants;
    this.applications = new ApplicationsApi(base);
    this.delta = new DeltaApi(base, faults);
    this.batch = new BatchApi();
    this.lag = new ReplicationLag(faults);
  }

  public boolean isBatch(ApiRequest req) {
    return req.rawPath().equals("/v1.0/$batch");
  }

  public ApiResponse handle(
      Principal principal, ApiRequest req, Function<ApiRequest, ApiResponse> pipeline) {
    List<String> s = segments(req.rawPath());
    if (s.isEmpty()) {
      throw GraphError.segmentNotFound("v1.0");
    }
    Tenant tenant = tenants.apply(principal.tenantId());
    if (ApplicationsApi.handles(s.get(0))) {
      return applications.get(principal, req, tenant, s);
    }
    Call c = new Call(principal, req, tenant.directory(), s);
    return switch (s.get(0)) {
      case "users" -> users(c);
      case "groups" -> groups(c);
      case "directory" -> deletedItems(c);
      case "directoryObjects" -> directoryObjects(c);
      case "$batch" -> {
        c.allow("POST");
        yield batch.handle(req, pipeline);
      }
      default -> throw GraphError.segmentNotFound(s.get(0));
    };
  }

  /** One Graph call: who, what, on which directory, and the decoded path segments after /v1.0. */
  private record Call(Principal principal, ApiRequest req, Directory dir, List<String> s) {
    String method() {
      return req.method();
    }

    boolean is(String m) {
      return req.method().equals(m);
    }

    void require(Permissions p) {
      p.require(principal.roles());
    }

    void allow(String... methods) {
      if (!List.of(methods).contains(req.method())) {
        throw methodNotAllowed();
      }
    }

    String seg(int i) {
      return i < s.size() ? s.get(i) : null;
    }
  }

  static GraphError methodNotAllowed() {
    return new GraphError(
        405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
  }

  // ------------------------------------------------------------------ users

  private ApiResponse users(Call c) {
    int n = c.s().size();
    if (n == 1) {
      c.allow("GET", "POST");
      if (c.is("GET")) {
        c.require(Permissions.USERS_READ);
        return Listing.page(
            c.req(),
            base,
            c.dir(),
            Directory.Source.users(),
            ODataQuery.parse(c.req(), Schema.USER, false, "manager"),
            this::replicated,
            "users",
            false,
            u -> managerOf(c, u));
      }
      c.require(Permissions.USERS_CREATE);
      return createUser(c);
    }
    String second = c.seg(1);
    if (n == 2 && second.equals("$count")) {
      c.allow("GET");
      c.require(Permissions.USERS_READ);
      return count(c, Directory.Source.users(), Schema.USER, this::replicated);
    }
    if (n == 2 && isDelta(second)) {
      c.allow("GET");
      c.require(Permissions.USERS_DELTA);
      return delta.handle(c.req(), c.dir(), Directory.Kind.USER);
    }
    String id = second;
    c.dir().user(id).ifPresent(u -> lag.requireReplicated(u.id()));
    if (n == 2) {
      c.allow("GET", "PATCH", "DELETE");
      switch (c.method()) {
        case "GET" -> {
          c.require(Permissions.USERS_READ);
          User u = c.dir().user(id).orElseThrow(() -> GraphError.notFound(id));
          List<String> select =
              names(ODataQuery.parseSelect(c.req().query().get("$select"), Schema.USER));
          return expanded(c, entity(u, select, "users", false), "manager", () -> managerOf(c, u));
        }
        case "PATCH" -> {
          ObjectNode body = jsonBody(c.req());
          boolean onlyAccountEnabled = body.size() == 1 && body.has("accountEnabled");
          c.require(
              onlyAccountEnabled ? Permissions.USERS_ENABLE_DISABLE : Permissions.USERS_UPDATE);
          JsonNode newPassword =
              body.remove("passwordProfile"); // a reset: checked, never stored or returned
          if (newPassword != null && newPassword.hasNonNull("password")) {
            requireComplexPassword(newPassword.path("password").asText());
          }
          body.remove("@odata.type");
          c.dir().updateUser(id, properties(body, Schema.USER));
          return ApiResponse.empty(204);
        }
        default -> {
          c.require(Permissions.USERS_DELETE);
          c.dir().deleteUser(id);
          return ApiResponse.empty(204);
        }
      }
    }
    User user = c.dir().user(id).orElseThrow(() -> GraphError.notFound(id));
    String third = c.seg(2);
    switch (third) {
      case "manager" -> {
        return manager(c, user);
      }
      case "memberOf", "transitiveMemberOf" -> {
        c.allow("GET");
        c.require(Permissions.USER_MEMBER_OF);
        return relation(
            c,
            user.id(),
            third.equals("memberOf")
                ? Directory.Relation.MEMBER_OF
                : Directory.Relation.TRANSITIVE_MEMBER_OF,
            3,
            Schema.GROUP);
      }
      case "directReports" -> {
        c.allow("GET");
        c.require(Permissions.DIRECT_REPORTS_READ);
        return objects(
            c.dir().directReportIds(user.id()).stream()
                .map(c.dir()::object)
                .flatMap(java.util.Optional::stream)
                .toList(),
            "directoryObjects");
      }
      case "getMemberGroups" -> {
        c.allow("POST");
        c.require(Permissions.CHECK_MEMBER_GROUPS);
        return memberGroups(c, user.id());
      }
      case "revokeSignInSessions" -> {
        c.allow("POST");
        c.require(Permissions.USERS_REVOKE_SESSIONS);
        ObjectNode body =
            Json.object()
                .put("@odata.context", base + "/v1.0/$metadata#Edm.Boolean")
                .put("value", true);
        return ApiResponse.odata(200, Json.bytes(body));
      }
      case "checkMemberGroups", "checkMemberObjects" -> {
        c.allow("POST");
        boolean groupsOnly = third.equals("checkMemberGroups");
        c.require(groupsOnly ? Permissions.CHECK_MEMBER_GROUPS : Permissions.CHECK_MEMBER_OBJECTS);
        return checkMembership(c, user, groupsOnly ? "groupIds" : "ids");
      }
      default -> throw GraphError.segmentNotFound(third);
    }
  }

  private ApiResponse createUser(Call c) {
    ObjectNode body = jsonBody(c.req());
    JsonNode password = body.remove("passwordProfile");
    body.remove("@odata.type");
    Map<String, Object> props = properties(body, Schema.USER);
    for (String k : List.of("id", "createdDateTime", "deletedDateTime")) {
      if (props.containsKey(k)) {
        throw GraphError.badRequest("Property '" + k + "' is read-only and cannot be set.");
      }
    }
    if (password == null || password.isNull()) {
      for (String required :
          List.of("accountEnabled", "displayName", "mailNickname", "userPrincipalName")) {
        if (props.get(required) == null) {
          throw GraphError.badRequest(
              "Property " + required + " value is required but is empty or missing.");
        }
      }
      throw GraphError.badRequest(
          "Property passwordProfile value is required but is empty or missing.");
    }
    if (!password.isObject() || password.path("password").asText("").isEmpty()) {
      throw Directory.invalidValue(Schema.USER, "passwordProfile");
    }
    requireComplexPassword(password.path("password").asText());
    User u = c.dir().createUser(props);
    lag.created(u.id());
    return entity(u, null, "users", false).withStatus(201);
  }

  /**
   * Entra's password policy (concepts "Password policies and account restrictions": 8 to 256
   * characters, three of lower case, upper case, digits and symbols), with the message Graph
   * answers.
   */
  private static void requireComplexPassword(String password) {
    int kinds =
        (password.chars().anyMatch(Character::isLowerCase) ? 1 : 0)
            + (password.chars().anyMatch(Character::isUpperCase) ? 1 : 0)
            + (password.chars().anyMatch(Character::isDigit) ? 1 : 0)
            + (password.chars().anyMatch(ch -> !Character.isLetterOrDigit(ch)) ? 1 : 0);
    if (password.length() < 8 || password.length() > 256 || kinds < 3) {
      ArrayNode details = Json.MAPPER.createArrayNode();
      details.addObject().put("code", "InvalidValue").put("target", "passwordProfile.password");
      throw new GraphError(
          400,
          "Request_BadRequest",
          "The specified password does not comply with password"
              + " complexity requirements. Please provide a different password.",
          details);
    }
  }

  private ApiResponse manager(Call c, User user) {
    int n = c.s().size();
    if (n == 3) {
      c.allow("GET");
      c.require(Permissions.MANAGER_READ);
      User m = c.dir().manager(user.id()).orElseThrow(() -> GraphError.notFound("manager"));
      ObjectNode body =
          Json.object().put("@odata.context", base + "/v1.0/$metadata#directoryObjects/$entity");
      body.setAll(JsonView.render(m, null, true));
      return ApiResponse.odata(200, Json.bytes(body));
    }
    if (n == 4 && c.seg(3).equals("$ref")) {
      c.allow("GET", "PUT", "DELETE");
      if (c.is("GET")) {
        // user-list-manager.md: GET manager/$ref answers the reference, not the object.
        c.require(Permissions.MANAGER_READ);
        User m = c.dir().manager(user.id()).orElseThrow(() -> GraphError.notFound("manager"));
        ObjectNode ref =
            Json.object()
                .put("@odata.context", base + "/v1.0/$metadata#directoryObjects/$ref")
                .put(
                    "@odata.id",
                    base
                        + "/v2/"
                        + c.principal().tenantId()
                        + "/directoryObjects/"
                        + m.id()
                        + "/Microsoft.DirectoryServices.User");
        return ApiResponse.odata(200, Json.bytes(ref));
      }
      c.require(Permissions.MANAGER_WRITE);
      if (c.is("PUT")) {
        String managerId = referenceId(jsonBody(c.req()).path("@odata.id"), "manager");
        lag.requireReplicated(managerId);
        c.dir().setManager(user.id(), managerId);
      } else {
        c.dir().removeManager(user.id());
      }
      return ApiResponse.empty(204);
    }
    throw GraphError.segmentNotFound(c.seg(3));
  }

  private ApiResponse checkMembership(Call c, DirectoryObject user, String param) {
    JsonNode ids = jsonBody(c.req()).path(param);
    if (!ids.isArray()) {
      throw new GraphError(
          400,
          "Request_BadRequest",
          "The request body must contain the parameter '" + param + "'.");
    }
    if (ids.size() > MAX_REFERENCES) {
      // Limit from directoryobject-checkmembergroups.md ("up to 20"); the error wording is not
      // documented.
      throw new GraphError(
          400,
          "Request_BadRequest",
          "The number of values for parameter '"
              + param
              + "' exceeds the maximum of "
              + MAX_REFERENCES
              + ".");
    }
    Set<String> memberOf = c.dir().transitiveMemberOfIds(user.id());
    ArrayNode value = Json.MAPPER.createArrayNode();
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode id : ids) {
      String key = id.asText().toLowerCase(Locale.ROOT);
      if (memberOf.contains(key) && !lag.membershipHidden(key, user.id()) && seen.add(key)) {
        value.add(id.asText());
      }
    }
    ObjectNode body =
        Json.object().put("@odata.context", base + "/v1.0/$metadata#Collection(Edm.String)");
    body.set("value", value);
    return ApiResponse.odata(200, Json.bytes(body));
  }

  // ------------------------------------------------------------------ groups

  private ApiResponse groups(Call c) {
    int n = c.s().size();
    if (n == 1) {
      c.allow("GET", "POST");
      if (c.is("GET")) {
        c.require(Permissions.GROUPS_READ);
        return Listing.page(
            c.req(),
            base,
            c.dir(),
            Directory.Source.groups(),
            ODataQuery.parse(c.req(), Schema.GROUP, false, "members"),
            this::replicated,
            "groups",
            false,
            g -> membersOf(c, g));
      }
      c.require(Permissions.GROUPS_CREATE);
      return createGroup(c);
    }
    String second = c.seg(1);
    if (n == 2 && second.equals("$count")) {
      c.allow("GET");
      c.require(Permissions.GROUPS_READ);
      return count(c, Directory.Source.groups(), Schema.GROUP, this::replicated);
    }
    if (n == 2 && isDelta(second)) {
      c.allow("GET");
      c.require(Permissions.GROUPS_DELTA);
      return delta.handle(c.req(), c.dir(), Directory.Kind.GROUP);
    }
    String id = objectId(second);
    if (n == 2) {
      c.allow("GET", "PATCH", "DELETE");
      switch (c.method()) {
        case "GET" -> {
          c.require(Permissions.GROUPS_READ);
          lag.requireReplicated(id);
          Group g = c.dir().group(id).orElseThrow(() -> GraphError.notFound(id));
          List<String> select =
              names(ODataQuery.parseSelect(c.req().query().get("$select"), Schema.GROUP));
          return expanded(c, entity(g, select, "groups", false), "members", () -> membersOf(c, g));
        }
        case "PATCH" -> {
          return updateGroup(c, id);
        }
        default -> {
          lag.requireReplicated(id);
          c.require(Permissions.GROUPS_DELETE);
          c.dir().deleteGroup(id);
          return ApiResponse.empty(204);
        }
      }
    }
    Group group = c.dir().group(id).orElseThrow(() -> GraphError.notFound(id));
    String third = c.seg(2);
    if (!(third.equals("members") && c.seg(3) != null && c.seg(3).equals("$ref"))) {
      lag.requireReplicated(group.id());
    }
    switch (third) {
      case "members" -> {
        if (n == 4 && c.seg(3).equals("$ref")) {
          c.allow("POST");
          c.require(Permissions.MEMBERS_WRITE);
          String memberId = referenceId(jsonBody(c.req()).path("@odata.id"), "members");
          lag.requireReplicatedMember(group.id(), memberId);
          requireAllowedMember(c, group.unified(), memberId);
          c.dir().addMember(group.id(), memberId);
          lag.memberAdded(group.id(), memberId);
          return ApiResponse.empty(204);
        }
        if (n == 5 && c.seg(4).equals("$ref") && !c.seg(3).startsWith("microsoft.graph.")) {
          c.allow("DELETE");
          c.require(Permissions.MEMBERS_WRITE);
          c.dir().removeMember(group.id(), c.seg(3));
          return ApiResponse.empty(204);
        }
        c.allow("GET");
        c.require(Permissions.MEMBERS_READ);
        return relation(c, group.id(), Directory.Relation.MEMBERS, 3, Schema.USER);
      }
      case "owners" -> {
        return owners(c, group);
      }
      case "checkMemberGroups" -> {
        c.allow("POST");
        c.require(Permissions.CHECK_MEMBER_GROUPS);
        return checkMembership(c, group, "groupIds");
      }
      case "getMemberGroups" -> {
        c.allow("POST");
        c.require(Permissions.CHECK_MEMBER_GROUPS);
        return memberGroups(c, group.id());
      }
      case "transitiveMembers" -> {
        c.allow("GET");
        c.require(Permissions.MEMBERS_READ);
        return relation(c, group.id(), Directory.Relation.TRANSITIVE_MEMBERS, 3, Schema.USER);
      }
      case "memberOf", "transitiveMemberOf" -> {
        c.allow("GET");
        c.require(Permissions.GROUPS_READ);
        return relation(
            c,
            group.id(),
            third.equals("memberOf")
                ? Directory.Relation.MEMBER_OF
                : Directory.Relation.TRANSITIVE_MEMBER_OF,
            3,
            Schema.GROUP);
      }
      default -> throw GraphError.segmentNotFound(third);
    }
  }

  private ApiResponse createGroup(Call c) {
    ObjectNode body = jsonBody(c.req());
    body.remove("@odata.type");
    JsonNode binds = body.remove("members@odata.bind");
    JsonNode owners = body.remove("owners@odata.bind");
    List<String> memberIds = bindIds(binds, "members");
    List<String> ownerIds = bindIds(owners, "owners");
    for (String owner : ownerIds) {
      c.dir().user(owner).orElseThrow(() -> GraphError.notFound(owner));
    }
    if (!memberIds.isEmpty()) {
      c.require(Permissions.MEMBERS_WRITE);
    }
    Map<String, Object> props = properties(body, Schema.GROUP);
    for (String k : List.of("id", "createdDateTime", "deletedDateTime")) {
      if (props.containsKey(k)) {
        throw GraphError.badRequest("Property '" + k + "' is read-only and cannot be set.");
      }
    }
    boolean unified =
        props.get("groupTypes") instanceof List<?> types
            && types.stream().anyMatch("Unified"::equals);
    if (Boolean.TRUE.equals(props.get("mailEnabled")) && !unified) {
      // group-post-groups.md: only Microsoft 365 and security groups can be created; mail-enabled
      // security
      // groups and distribution lists cannot [message as Graph answers it].
      throw GraphError.badRequest(
          "The service does not currently support writes of mail-enabled groups. Please"
              + " ensure that the mail-enablement property is unset or is set to false.");
    }
    if (unified
        && props.get("mailNickname") instanceof String nickname
        && c.dir().groups().stream()
            .anyMatch(
                other -> other.unified() && nickname.equalsIgnoreCase(other.mailNickname()))) {
      throw Directory.conflict(
          "mailNickname"); // a Microsoft 365 group's alias is its mail address: unique
    }
    for (String member : memberIds) {
      requireAllowedMember(c, unified, member);
    }
    Group g = c.dir().createGroup(props);
    lag.created(g.id());
    ownerIds.forEach(owner -> c.dir().addOwner(g.id(), owner));
    if (!memberIds.isEmpty()) {
      try {
        c.dir().addMembers(g.id(), memberIds);
      } catch (GraphError e) {
        c.dir().hardDelete(g.id()); // creation with a bad member reference creates nothing
        throw e;
      }
    }
    ApiResponse created = entity(g, null, "groups", false).withStatus(201);
    // group-post-groups.md's 201 carries the new group's @odata.id (a v2 directoryObjects URL)
    // after the context.
    ObjectNode entity = (ObjectNode) Json.parse(created.body());
    ObjectNode withId =
        Json.object()
            .put("@odata.context", entity.path("@odata.context").asText())
            .put(
                "@odata.id",
                base
                    + "/v2/"
                    + c.principal().tenantId()
                    + "/directoryObjects/"
                    + g.id()
                    + "/Microsoft.DirectoryServices.Group");
    entity.remove("@odata.context");
    withId.setAll(entity);
    return ApiResponse.odata(201, Json.bytes(withId));
  }

  private ApiResponse updateGroup(Call c, String id) {
    ObjectNode body = jsonBody(c.req());
    body.remove("@odata.type");
    JsonNode binds = body.remove("members@odata.bind");
    if (binds != null) {
      c.require(Permissions.MEMBERS_WRITE);
    }
    if (body.size() > 0 || binds == null) {
      c.require(Permissions.GROUPS_UPDATE);
    }
    Group g = c.dir().group(objectId(id)).orElseThrow(() -> GraphError.notFound(id));
    if (body.has("groupTypes")
        && !g.unified()
        && body.path("groupTypes").toString().contains("\"Unified\"")) {
      // groups-overview / group-update.md: the type of a security group cannot be changed [wording
      // observed].
      throw GraphError.badRequest(
          "Updates to the groupTypes property of a security group are not supported: a"
              + " security group cannot become a Microsoft 365 group.");
    }
    if (binds == null) {
      lag.requireReplicated(g.id());
    } else {
      List<String> ids = bindIds(binds, "members");
      if (ids.size() > MAX_REFERENCES) {
        // group-post-members.md: "you can add up to only 20 members" per request; wording not
        // documented.
        throw new GraphError(
            400,
            "Request_BadRequest",
            "The maximum number of references that can be"
                + " added in a single request is "
                + MAX_REFERENCES
                + " for property 'members'.");
      }
      ids.forEach(member -> lag.requireReplicatedMember(g.id(), member));
      ids.forEach(member -> requireAllowedMember(c, g.unified(), member));
      c.dir().addMembers(g.id(), ids);
      ids.forEach(member -> lag.memberAdded(g.id(), member));
    }
    if (body.size() > 0) {
      c.dir().updateGroup(g.id(), properties(body, Schema.GROUP));
    }
    return ApiResponse.empty(204);
  }

  /**
   * groups-allowed-member-types.md / group-post-members.md: a Microsoft 365 group is never a member
   * of a group, and a Microsoft 365 group has only users as members [error wording not documented].
   */
  private static void requireAllowedMember(Call c, boolean targetUnified, String memberId) {
    DirectoryObject member = c.dir().object(objectId(memberId)).orElse(null);
    if (member instanceof Group g && (g.unified() || targetUnified)) {
      throw GraphError.badRequest(
          g.unified()
              ? "A Microsoft 365 group cannot be a member of another group: '" + memberId + "'."
              : "Only users can be members of a Microsoft 365 group: '"
                  + memberId
                  + "' is a group.");
    }
  }

  /**
   * A directory object id in a path or reference: a GUID, else 400 "Invalid object identifier" (not
   * 404).
   */
  static String objectId(String id) {
    if (!io.entraid.emulator.Ids.isGuid(id)) {
      throw GraphError.badRequest("Invalid object identifier '" + id + "'.");
    }
    return id;
  }

  /** group-list-owners.md, group-post-owners.md, group-delete-owners.md. */
  private ApiResponse owners(Call c, Group group) {
    int n = c.s().size();
    if (n == 4 && c.seg(3).equals("$ref")) {
      c.allow("POST");
      c.require(Permissions.OWNERS_WRITE);
      c.dir().addOwner(group.id(), referenceId(jsonBody(c.req()).path("@odata.id"), "owners"));
      return ApiResponse.empty(204);
    }
    if (n == 5 && c.seg(4).equals("$ref")) {
      c.allow("DELETE");
      c.require(Permissions.OWNERS_WRITE);
      c.dir().removeOwner(group.id(), objectId(c.seg(3)));
      return ApiResponse.empty(204);
    }
    if (n != 3) {
      throw GraphError.segmentNotFound(c.seg(3));
    }
    c.allow("GET");
    c.require(Permissions.OWNERS_READ);
    return objects(
        c.dir().ownerIds(group.id()).stream()
            .map(c.dir()::object)
            .flatMap(java.util.Optional::stream)
            .toList(),
        "directoryObjects");
  }

  /**
   * directoryobject-getmembergroups.md: the ids of every group the object is a member of,
   * transitively.
   */
  private ApiResponse memberGroups(Call c, String id) {
    JsonNode body = jsonBody(c.req());
    if (!body.has("securityEnabledOnly")) {
      throw new GraphError(
          400,
          "Request_BadRequest",
          "The request body must contain the parameter 'securityEnabledOnly'.");
    }
    boolean securityOnly = body.path("securityEnabledOnly").asBoolean();
    ArrayNode value = Json.MAPPER.createArrayNode();
    for (String g : c.dir().transitiveMemberOfIds(id)) {
      Group group = c.dir().group(g).orElse(null);
      if (group != null
          && (!securityOnly || group.securityEnabled())
          && !lag.membershipHidden(g, id)) {
        value.add(g);
      }
    }
    ObjectNode answer =
        Json.object().put("@odata.context", base + "/v1.0/$metadata#Collection(Edm.String)");
    answer.set("value", value);
    return ApiResponse.odata(200, Json.bytes(answer));
  }

  /** A small collection of directory objects, each with its @odata.type, in one page. */
  private ApiResponse objects(List<DirectoryObject> objects, String set) {
    ObjectNode body = Json.object().put("@odata.context", base + "/v1.0/$metadata#" + set);
    ArrayNode value = body.putArray("value");
    objects.forEach(o -> value.add(JsonView.render(o, null, true)));
    return ApiResponse.odata(200, Json.bytes(body));
  }

  // ------------------------------------------------------------------ directory objects

  /**
   * directoryobject-get.md, directoryobject-getbyids.md (up to 1,000 ids, optional types), and
   * checkMemberGroups / getMemberGroups on {@code /directoryObjects/{id}}.
   */
  private ApiResponse directoryObjects(Call c) {
    int n = c.s().size();
    if (n == 2 && c.seg(1).equals("getByIds")) {
      c.allow("POST");
      c.require(Permissions.DIRECTORY_OBJECTS_READ);
      JsonNode body = jsonBody(c.req());
      JsonNode ids = body.path("ids");
      if (!ids.isArray() || ids.isEmpty()) {
        throw new GraphError(
            400, "Request_BadRequest", "The request body must contain the parameter 'ids'.");
      }
      if (ids.size() > 1000) {
        throw new GraphError(
            400,
            "Request_BadRequest",
            "The number of values for parameter 'ids' exceeds the maximum of 1000.");
      }
      Set<String> types = new LinkedHashSet<>();
      body.path("types").forEach(t -> types.add(t.asText().toLowerCase(Locale.ROOT)));
      List<DirectoryObject> found = new ArrayList<>();
      for (JsonNode id : ids) {
        DirectoryObject o = c.dir().object(objectId(id.asText())).orElse(null);
        if (o != null
            && replicated(o)
            && (types.isEmpty() || types.contains(o instanceof User ? "user" : "group"))) {
          found.add(o);
        }
      }
      return objects(found, "directoryObjects");
    }
    if (n < 2) {
      throw methodNotAllowed();
    }
    String id = objectId(c.seg(1));
    lag.requireReplicated(id);
    DirectoryObject o = c.dir().object(id).orElseThrow(() -> GraphError.notFound(id));
    if (n == 2) {
      c.allow("GET");
      c.require(Permissions.DIRECTORY_OBJECTS_READ);
      return entity(o, null, "directoryObjects", true);
    }
    switch (c.seg(2)) {
      case "checkMemberGroups" -> {
        c.allow("POST");
        c.require(Permissions.CHECK_MEMBER_GROUPS);
        return checkMembership(c, o, "groupIds");
      }
      case "getMemberGroups" -> {
        c.allow("POST");
        c.require(Permissions.DIRECTORY_OBJECTS_READ);
        return memberGroups(c, o.id());
      }
      default -> throw GraphError.segmentNotFound(c.seg(2));
    }
  }

  // ------------------------------------------------------------------ deleted items

  private ApiResponse deletedItems(Call c) {
    if (c.s().size() < 3 || !c.seg(1).equals("deletedItems")) {
      throw GraphError.segmentNotFound(c.s().size() > 1 ? c.seg(1) : "directory");
    }
    String third = c.seg(2);
    if (c.s().size() == 3
        && (third.equals("microsoft.graph.user") || third.equals("microsoft.graph.group"))) {
      c.allow("GET");
      boolean users = third.equals("microsoft.graph.user");
      c.require(users ? Permissions.DELETED_USERS_READ : Permissions.DELETED_GROUPS_READ);
      Schema schema = users ? Schema.USER : Schema.GROUP;
      return Listing.page(
          c.req(),
          base,
          c.dir(),
          new Directory.Source(
              users ? Directory.Kind.USER : Directory.Kind.GROUP, Directory.Relation.DELETED, null),
          ODataQuery.parse(c.req(), schema, false),
          o -> true,
          "directory/deletedItems/" + third,
          false);
    }
    DirectoryObject item = c.dir().deletedItem(third).orElseThrow(() -> GraphError.notFound(third));
    boolean user = item instanceof User;
    if (c.s().size() == 3) {
      c.allow("GET", "DELETE");
      if (c.is("GET")) {
        c.require(user ? Permissions.DELETED_USERS_READ : Permissions.DELETED_GROUPS_READ);
        return entity(item, null, "directory/deletedItems", true); // directory-deleteditems-get.md
      }
      c.require(user ? Permissions.USERS_DELETE : Permissions.GROUPS_DELETE);
      c.dir().hardDelete(item.id());
      return ApiResponse.empty(204);
    }
    if (c.s().size() == 4 && c.seg(3).equals("restore")) {
      c.allow("POST");
      c.require(user ? Permissions.USERS_RESTORE : Permissions.GROUPS_RESTORE);
      String newName =
          c.req().body().length == 0
              ? null
              : jsonBody(c.req()).path("newUserPrincipalName").asText(null);
      return entity(
          c.dir().restore(item.id(), user ? newName : null), null, "directoryObjects", true);
    }
    throw GraphError.segmentNotFound(c.seg(3));
  }

  // ------------------------------------------------------------------ shared pieces

  /**
   * members, transitiveMembers, memberOf, transitiveMemberOf with an optional OData cast and
   * /$count.
   */
  private ApiResponse relation(
      Call c, String anchor, Directory.Relation relation, int next, Schema defaultSchema) {
    String cast = c.seg(next);
    Predicate<DirectoryObject> type = o -> true;
    Schema schema = defaultSchema;
    String context = "directoryObjects";
    if (cast != null && cast.startsWith("microsoft.graph.")) {
      switch (cast) {
        case "microsoft.graph.user" -> {
          type = o -> o instanceof User;
          schema = Schema.USER;
          context = "users";
        }
        case "microsoft.graph.group" -> {
          type = o -> o instanceof Group;
          schema = Schema.GROUP;
          context = "groups";
        }
        default -> throw GraphError.segmentNotFound(cast);
      }
      next++;
    }
    Directory.Source source = new Directory.Source(Directory.Kind.GROUP, relation, anchor);
    boolean anchorIsGroup =
        relation == Directory.Relation.MEMBERS || relation == Directory.Relation.TRANSITIVE_MEMBERS;
    type =
        type.and(this::replicated)
            .and(
                o ->
                    anchorIsGroup
                        ? !lag.membershipHidden(anchor, o.id())
                        : !lag.membershipHidden(o.id(), anchor));
    String rest = c.seg(next);
    if ("$count".equals(rest) && c.s().size() == next + 1) {
      return count(c, source, schema, type);
    }
    if (rest != null) {
      throw GraphError.segmentNotFound(rest);
    }
    return Listing.page(
        c.req(),
        base,
        c.dir(),
        source,
        ODataQuery.parse(c.req(), schema, true),
        type,
        context,
        true);
  }

  /** The /$count segment: a plain-text number; an advanced query (aad-advanced-queries.md). */
  private ApiResponse count(
      Call c, Directory.Source source, Schema schema, Predicate<DirectoryObject> type) {
    if (!ODataQuery.eventual(c.req())) {
      throw ODataQuery.countUnsupported();
    }
    ODataQuery q = ODataQuery.parse(c.req(), schema, false);
    int n = c.dir().count(source, q.matcher().and(type));
    return ApiResponse.text(200, Integer.toString(n))
        .header("Content-Type", "text/plain;charset=utf-8");
  }

  /**
   * {@code $expand} of one navigation property on a single object (query-parameters.md "expand": at
   * most 20 related objects are returned; user-list-manager.md for manager): anything else is
   * refused, not ignored.
   */
  private static ApiResponse expanded(
      Call c,
      ApiResponse entity,
      String navigation,
      java.util.function.Supplier<List<DirectoryObject>> related) {
    String expand = c.req().query().get("$expand");
    if (expand == null) {
      return entity;
    }
    if (!expand.trim().equalsIgnoreCase(navigation)) {
      throw new GraphError(
          400,
          "BadRequest",
          "Could not find a property named '"
              + expand.trim()
              + "' on type 'microsoft.graph.directoryObject' to expand; the emulator expands only "
              + navigation
              + ".");
    }
    ObjectNode body = (ObjectNode) Json.parse(entity.body());
    JsonView.expand(body, navigation, related.get());
    return ApiResponse.odata(200, Json.bytes(body));
  }

  private static List<DirectoryObject> managerOf(Call c, DirectoryObject user) {
    return c.dir().manager(user.id()).map(m -> List.<DirectoryObject>of(m)).orElse(List.of());
  }

  /** The first members of a group, as many as an expansion shows. */
  private static List<DirectoryObject> membersOf(Call c, DirectoryObject group) {
    return c.dir().memberIds(group.id()).stream()
        .limit(JsonView.MAX_EXPANDED)
        .map(c.dir()::object)
        .flatMap(java.util.Optional::stream)
        .toList();
  }

  /** Whether the replica that answers knows the object (see {@link ReplicationLag}). */
  private boolean replicated(DirectoryObject o) {
    return !lag.hidden(o.id());
  }

  private ApiResponse entity(DirectoryObject o, List<String> select, String set, boolean withType) {
    ObjectNode body =
        Json.object()
            .put(
                "@odata.context",
                base + "/v1.0/$metadata#" + set + JsonView.selectSuffix(select) + "/$entity");
    body.setAll(JsonView.render(o, select, withType));
    return ApiResponse.odata(200, Json.bytes(body));
  }

  private static List<String> names(List<Schema.Property> props) {
    return props == null ? null : props.stream().map(Schema.Property::name).toList();
  }

  private static boolean isDelta(String segment) {
    return segment.equals("delta")
        || segment.equals("delta()")
        || segment.equals("microsoft.graph.delta")
        || segment.equals("microsoft.graph.delta()");
  }

  static ObjectNode jsonBody(ApiRequest req) {
    String contentType = req.header("Content-Type");
    if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
      // Graph's answer to a form-urlencoded write (observed: msgraph-sample-pythondjangoapp issue
      // 22).
      throw new GraphError(
          400, "BadRequest", "Entity only allows writes with a JSON Content-Type header.");
    }
    if (req.body().length == 0) {
      throw new GraphError(400, "BadRequest", "Empty Payload. JSON content expected.");
    }
    JsonNode n = Json.parse(req.body());
    if (n == null || !n.isObject()) {
      throw new GraphError(
          400,
          "BadRequest",
          "Unable to read JSON request payload. Please ensure Content-Type"
              + " header is set and payload is of valid JSON format.");
    }
    return (ObjectNode) n;
  }

  static Map<String, Object> properties(ObjectNode body, Schema schema) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : body.properties()) {
      if (e.getKey().contains("@odata.")) {
        throw GraphError.badRequest(
            "Property '" + e.getKey() + "' is not supported on this request.");
      }
      p.put(e.getKey(), toJava(e.getValue()));
    }
    return p;
  }

  private static Object toJava(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      v.forEach(x -> l.add(toJava(x)));
      return l;
    }
    return v; // numbers and objects: rejected by the schema check as invalid values
  }

  /** Ids from an {@code @odata.bind} array of directoryObject URLs. */
  private static List<String> bindIds(JsonNode binds, String property) {
    List<String> out = new ArrayList<>();
    if (binds == null || binds.isNull()) {
      return out;
    }
    if (!binds.isArray()) {
      throw GraphError.badRequest("Invalid URL format specified in @odata.bind for " + property);
    }
    for (JsonNode b : binds) {
      out.add(referenceId(b, property));
    }
    return out;
  }

  /**
   * The object id at the end of a reference URL ({@code .../v1.0/directoryObjects/{id}},
   * users/{id}, groups/{id}).
   */
  static String referenceId(JsonNode ref, String property) {
    GraphError invalid =
        GraphError.badRequest("Invalid URL format specified in @odata.bind for " + property);
    if (ref == null || !ref.isTextual()) {
      throw invalid;
    }
    try {
      URI uri = URI.create(ref.asText().trim());
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      int v = path.indexOf("/v1.0/");
      List<String> segs = segments(v >= 0 ? path.substring(v) : path);
      if (uri.getScheme() == null
          || segs.size() != 2
          || !List.of("directoryObjects", "users", "groups").contains(segs.get(0))) {
        throw invalid;
      }
      return objectId(segs.get(1));
    } catch (IllegalArgumentException e) {
      throw invalid;
    }
  }

  /** Decoded path segments after "/v1.0". */
  static List<String> segments(String rawPath) {
    String p = rawPath == null ? "" : rawPath;
    if (p.startsWith("/v1.0")) {
      p = p.substring(5);
    }
    List<String> out = new ArrayList<>();
    for (String s : p.split("/")) {
      if (!s.isEmpty()) {
        out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
