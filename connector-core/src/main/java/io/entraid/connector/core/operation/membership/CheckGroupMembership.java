package io.entraid.connector.core.operation.membership;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.operation.CommonInputs;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Is a user a member of one or more groups? Transitive checks use checkMemberGroups, which takes 20
 * group ids per call; mode "any" stops at the first call that finds a match.
 */
public final class CheckGroupMembership implements Operation {
  private enum Mode {
    ANY,
    ALL
  }

  private static final int IDS_PER_CALL = 20;

  static final OperationSpec SPEC =
      new OperationSpec(
          "checkGroupMembership",
          "Check group membership",
          "Checks whether a user is a member of any (or all) of the given groups, including through nested groups"
              + " unless turned off. The result is a boolean a gateway can use directly, e.g. ${isMember}.",
          Category.MEMBERSHIP,
          List.of(
              CommonInputs.user("user", "User"),
              InputSpec.required(
                      "groups",
                      "Groups",
                      InputType.STRING_LIST,
                      "Groups by object id, display name or mail nickname; a list or comma-separated")
                  .format(ValueFormat.GROUP_REF)
                  .maxLength(256)
                  .maxItems(500),
              InputSpec.choice(
                  "mode",
                  "Match",
                  "any: true if the user is in at least one group; all: true only if in every group",
                  Mode.values()),
              CommonInputs.transitive("Count membership through nested groups (default true)")),
          List.of(
              OutputSpec.result(
                  Kind.BOOLEAN, "isMember", "true if the user is a member as the mode requires"),
              OutputSpec.extra(
                  "matchedGroups",
                  Kind.LIST,
                  "matchedGroups",
                  "The given group references the user is a member of")),
          List.of("GroupMember.Read.All", "User.ReadBasic.All"),
          "https://learn.microsoft.com/graph/api/directoryobject-checkmembergroups");

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    String user = inputs.string("user");
    List<String> references = inputs.list("groups");
    boolean all = inputs.choice("mode", Mode.class) == Mode.ALL;
    Map<String, String> ids = connection.groups().resolve(references, SPEC.name());
    Set<String> memberOf =
        inputs.bool("transitive")
            ? transitiveMatches(
                connection, user, List.copyOf(new LinkedHashSet<>(ids.values())), all)
            : directGroups(connection, user);
    List<String> matched = new ArrayList<>();
    ids.forEach(
        (ref, id) -> {
          if (memberOf.contains(id.toLowerCase(Locale.ROOT))) matched.add(ref);
        });
    boolean isMember = all ? matched.size() == references.size() : !matched.isEmpty();
    return Result.of(isMember).with("matchedGroups", matched);
  }

  private static Set<String> transitiveMatches(
      EntraConnection connection, String user, List<String> groupIds, boolean all) {
    Set<String> matched = new HashSet<>();
    for (int start = 0; start < groupIds.size(); start += IDS_PER_CALL) {
      List<String> chunk = groupIds.subList(start, Math.min(start + IDS_PER_CALL, groupIds.size()));
      GraphRequest request =
          GraphRequest.post(
                  GraphPath.of("users").key(user).segments("checkMemberGroups"),
                  Map.of("groupIds", chunk))
              .repeatable()
              .awaitingReplication()
              .forOperation(SPEC.name());
      JsonNode answer;
      try {
        answer =
            connection
                .graph()
                .sendUntilFresh(request, r -> missesOwnWrite(connection, user, chunk, r.body()))
                .body();
      } catch (GraphException e) {
        throw Subjects.userNotFound(connection, user, e);
      }
      for (JsonNode id : answer.path("value")) {
        matched.add(id.asText().toLowerCase(Locale.ROOT));
      }
      if (!all && !matched.isEmpty()) break;
    }
    return matched;
  }

  /**
   * True if the answer lacks a group this connection added the user to within the replication
   * window: a lagging replica's stale "no", not the directory's answer.
   */
  private static boolean missesOwnWrite(
      EntraConnection connection, String user, List<String> groupIds, JsonNode answer) {
    Set<String> listed = new HashSet<>();
    answer.path("value").forEach(id -> listed.add(id.asText().toLowerCase(Locale.ROOT)));
    return groupIds.stream()
        .anyMatch(
            g ->
                !listed.contains(g.toLowerCase(Locale.ROOT))
                    && connection.recentMemberships().addedRecently(g, user));
  }

  private static Set<String> directGroups(EntraConnection connection, String user) {
    GraphRequest request =
        GraphRequest.get(GraphPath.of("users").key(user).segments("memberOf"))
            .withQuery("$select", "id")
            .withQuery("$top", "999")
            .forOperation(SPEC.name());
    Set<String> ids = new HashSet<>();
    try (var groups = connection.graph().stream(request, JsonNode.class)) {
      groups.forEach(g -> ids.add(g.path("id").asText().toLowerCase(Locale.ROOT)));
    } catch (GraphException e) {
      throw Subjects.userNotFound(connection, user, e);
    }
    return ids;
  }
}
