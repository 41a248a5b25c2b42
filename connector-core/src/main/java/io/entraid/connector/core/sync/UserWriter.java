package io.entraid.connector.core.sync;

import static io.entraid.connector.core.sync.SyncRun.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.entraid.connector.core.UserText;
import io.entraid.connector.core.sync.DirectoryTarget.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Writes Entra users into the target, a page at a time; both users rounds use it. */
final class UserWriter {
  static final String USER_FIELDS =
      "id,userPrincipalName,givenName,surname,displayName,mail,mailNickname,accountEnabled";

  private final SyncRun run;
  private final DirectoryTarget target;

  UserWriter(SyncRun run) {
    this.run = run;
    this.target = run.target;
  }

  /** The target's users for a page, looked up at once. */
  Map<String, DirectoryTarget.Existing> existingUsers(List<JsonNode> items) {
    List<String> ids = new ArrayList<>();
    for (JsonNode item : items) {
      String id = userId(item);
      if (id != null && target.acceptsUserId(id)) ids.add(id);
    }
    return ids.isEmpty() ? Map.of() : target.users(ids);
  }

  /** Creates or updates one user; returns its target id, or null when it was skipped. */
  String upsertUser(JsonNode item, Map<String, DirectoryTarget.Existing> existingUsers) {
    String objectId = item.path("id").asText();
    String upn = text(item, "userPrincipalName");
    String id = userId(item);
    if (id == null || !target.acceptsUserId(id)) {
      run.skip(
          "user "
              + UserText.escape(upn != null ? upn : objectId)
              + ": id "
              + UserText.quote(id)
              + " is not accepted by the engine's id rules"
              + " (see the engine's user resource whitelist pattern)");
      return null;
    }
    DirectoryTarget.Existing found = existingUsers.get(id);
    if (found != null && !found.synced()) {
      run.skip("user " + id + ": a local user with this id exists and is left alone");
      return null;
    }
    String first = text(item, "givenName");
    String last = text(item, "surname");
    if (first == null && last == null) last = text(item, "displayName");
    String email = text(item, "mail") != null ? text(item, "mail") : upn;
    User wanted = new User(id, objectId, first, last, email);
    if (run.options.userIds() != IdMapping.OBJECT_ID) run.runUserIds.put(objectId, id);
    if (found == null) {
      target.createUser(wanted);
      if (!run.fullRun) run.createdInDelta.add(objectId);
      run.users.created++;
    } else if (!sameUser(found.user(), wanted)) {
      target.updateUser(wanted);
      run.users.updated++;
    } else {
      run.users.unchanged++;
    }
    return id;
  }

  private String userId(JsonNode item) {
    return run.options
        .userIds()
        .id(item.path("id").asText(), text(item, "userPrincipalName"), text(item, "mailNickname"));
  }

  private static boolean sameUser(User a, User b) {
    return Objects.equals(a.firstName(), b.firstName())
        && Objects.equals(a.lastName(), b.lastName())
        && Objects.equals(a.email(), b.email());
  }
}
