package io.entraid.connector.core.operation.directory;

import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.graph.GraphException;
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
import io.entraid.connector.core.sync.DirectorySync;
import io.entraid.connector.core.sync.IdMapping;
import io.entraid.connector.core.sync.SyncOptions;
import io.entraid.connector.core.sync.SyncTargets;
import java.util.List;

/**
 * Keeps the engine's users, groups and memberships in step with Entra ID; see {@link
 * DirectorySync}.
 */
public final class SyncDirectory implements Operation {
  static final OperationSpec SPEC =
      new OperationSpec(
          "syncDirectory",
          "Sync directory",
          "Copies Entra ID users, groups and memberships into the engine's identity service: in full on the first run,"
              + " then only the changes (Graph delta queries). Only objects the sync created are ever changed or deleted;"
              + " a run that would delete more than the guard's share of synced users stops before deleting.",
          Category.DIRECTORY,
          List.of(
              InputSpec.choice(
                  "users",
                  "Users",
                  "all: every user, incremental; groupMembers: transitive members of the user groups; filter: the user filter",
                  SyncOptions.UserScope.values()),
              InputSpec.optional(
                      "userGroups",
                      "User groups",
                      InputType.STRING_LIST,
                      "For users = groupMembers: the groups whose (transitive) members are synced")
                  .format(ValueFormat.GROUP_REF)
                  .maxLength(256)
                  .maxItems(50),
              InputSpec.optional(
                      "userFilter",
                      "User filter",
                      InputType.TEXT,
                      "For users = filter: a Graph $filter over users, e.g. department eq 'Sales'. Trusted administrator input")
                  .format(ValueFormat.RAW_ODATA_FILTER)
                  .maxLength(2048),
              InputSpec.choice(
                  "groups",
                  "Groups",
                  "allSecurity: all security groups; list: the group list; prefix: display names starting with the prefix",
                  SyncOptions.GroupScope.values()),
              InputSpec.optional(
                      "groupList",
                      "Group list",
                      InputType.STRING_LIST,
                      "For groups = list: object ids, display names or mail nicknames")
                  .format(ValueFormat.GROUP_REF)
                  .maxLength(256)
                  .maxItems(500),
              InputSpec.optional(
                      "groupPrefix",
                      "Group name prefix",
                      InputType.STRING,
                      "For groups = prefix, e.g. Camunda-")
                  .maxLength(256),
              InputSpec.optional(
                      "nestedAsDirect",
                      "Nested members as direct",
                      InputType.BOOLEAN,
                      "Make members of nested groups direct members of the synced group in Camunda (default false)")
                  .defaultValue("false"),
              InputSpec.choice(
                  "userIdMapping",
                  "User id",
                  "objectId (fits Camunda's default id rules), upn or mailNickname (need a wider userResourceWhitelistPattern)",
                  IdMapping.values()),
              InputSpec.choice(
                  "groupIdMapping",
                  "Group id",
                  "mailNickname (e.g. Approvers, usable as a candidate group) or objectId",
                  IdMapping.MAIL_NICKNAME,
                  IdMapping.OBJECT_ID),
              InputSpec.choice(
                  "removedUsers",
                  "Removed or disabled users",
                  "delete: delete the Camunda user; removeFromGroups: keep it, out of every synced group",
                  SyncOptions.RemovedUsers.values()),
              InputSpec.optional(
                      "deletionGuardPercent",
                      "Deletion guard (%)",
                      InputType.INTEGER,
                      "Stop before deleting more than this share of the synced users (default 10)")
                  .defaultValue("10")
                  .range(0, 100),
              InputSpec.optional(
                      "force", "Force", InputType.BOOLEAN, "Delete even beyond the deletion guard")
                  .defaultValue("false"),
              InputSpec.optional(
                      "fullSync",
                      "Full sync",
                      InputType.BOOLEAN,
                      "Read everything again instead of the changes")
                  .defaultValue("false"),
              InputSpec.optional(
                      "dryRun",
                      "Dry run",
                      InputType.BOOLEAN,
                      "Report what would change without writing")
                  .defaultValue("false")),
          List.of(
              OutputSpec.result(
                  Kind.OBJECT,
                  "syncReport",
                  "{mode (full, delta, dry-run or skipped), users: {created, updated, deleted, unchanged}, groups: {...},"
                      + " memberships: {...}, skipped, durationMillis, reason (why a skipped run did not sync)}")),
          // user-delta.md / user-list.md: User.Read.All; group-delta.md / group-list-members.md:
          // GroupMember.Read.All
          List.of("User.Read.All", "GroupMember.Read.All"),
          "https://learn.microsoft.com/graph/api/user-delta");

  private final SyncTargets targets;

  public SyncDirectory(SyncTargets targets) {
    this.targets = targets;
  }

  @Override
  public OperationSpec spec() {
    return SPEC;
  }

  @Override
  public Result execute(EntraConnection connection, Inputs inputs) {
    SyncOptions options;
    try {
      options =
          new SyncOptions(
              inputs.choice("users", SyncOptions.UserScope.class),
              inputs.list("userGroups"),
              inputs.optionalString("userFilter").orElse(null),
              inputs.choice("groups", SyncOptions.GroupScope.class),
              inputs.list("groupList"),
              inputs.optionalString("groupPrefix").orElse(null),
              inputs.bool("nestedAsDirect"),
              inputs.choice("userIdMapping", IdMapping.class),
              inputs.choice("groupIdMapping", IdMapping.class),
              inputs.choice("removedUsers", SyncOptions.RemovedUsers.class),
              inputs.bool("dryRun"),
              inputs.bool("fullSync"),
              inputs.integer("deletionGuardPercent"),
              inputs.bool("force"));
    } catch (IllegalArgumentException e) {
      throw GraphException.invalidInput("syncDirectory: " + e.getMessage() + ".");
    }
    return Result.of(
        targets
            .limit()
            .run(
                connection.name(),
                () ->
                    new DirectorySync(
                            connection, options, targets.open(connection), targets.progress())
                        .run())
            .toMap());
  }
}
