package io.entraid.connector.camunda.sync;

import java.util.function.Consumer;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.ResourceAuthorizationProvider;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.ReadOnlyIdentityProvider;
import org.camunda.bpm.engine.impl.identity.WritableIdentityProvider;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.GroupEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MembershipEntity;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;

/**
 * Creates synced users, groups and memberships the way the engine's own {@link
 * DbIdentityServiceProvider} does (an insert through the command's entity manager, then the default
 * authorizations when authorization is on), without the cost of one IdentityService command per
 * object: a membership through the API first selects its user by id, one query per membership. The
 * inserts of a page are flushed together at its commit (JDBC batches when the engine batches).
 *
 * <p>Only for engines whose identities live in their own tables: {@link #applies} is false when
 * another identity provider (LDAP, Keycloak, a subclass) is configured, and the target then keeps
 * the IdentityService.
 */
final class DirectIdentityWrites {
  private final ProcessEngineConfigurationImpl engine;

  DirectIdentityWrites(ProcessEngineConfigurationImpl engine) {
    this.engine = engine;
  }

  /** Whether both the read-only and the writable identity provider are the engine's own. */
  static boolean applies(ProcessEngineConfigurationImpl engine) {
    return engine.getSessionFactories() != null
        && isDbProvider(engine.getSessionFactories().get(ReadOnlyIdentityProvider.class))
        && isDbProvider(engine.getSessionFactories().get(WritableIdentityProvider.class));
  }

  private static boolean isDbProvider(SessionFactory factory) {
    return factory != null && factory.getSessionType() == DbIdentityServiceProvider.class;
  }

  void createUser(String id, String firstName, String lastName, String email) {
    UserEntity user = new UserEntity(id);
    user.setFirstName(firstName);
    user.setLastName(lastName);
    user.setEmail(email);
    inCommand(
        context -> {
          context.getDbEntityManager().insert(user);
          authorize(context, authorizations().newUser(user));
        });
  }

  void createGroup(String id, String name, String type) {
    GroupEntity group = new GroupEntity(id);
    group.setName(name);
    group.setType(type);
    inCommand(
        context -> {
          context.getDbEntityManager().insert(group);
          authorize(context, authorizations().newGroup(group));
        });
  }

  /** The user and the group exist (the sync created or found them), as the API checks first. */
  void createMembership(String userId, String groupId) {
    MembershipEntity membership = new MembershipEntity();
    membership.setUser(new UserEntity(userId));
    membership.setGroup(new GroupEntity(groupId));
    // the table has no id column: an id of our own spares the engine's id generator a block
    // fetch (a transaction of its own) every 100 memberships
    membership.setId(groupId + " " + userId);
    inCommand(
        context -> {
          context.getDbEntityManager().insert(membership);
          authorize(context, authorizations().groupMembershipCreated(groupId, userId));
        });
  }

  private ResourceAuthorizationProvider authorizations() {
    return engine.getResourceAuthorizationProvider();
  }

  private void authorize(CommandContext context, AuthorizationEntity[] defaults) {
    if (engine.isAuthorizationEnabled() && defaults != null && defaults.length > 0) {
      context.getAuthorizationManager().saveDefaultAuthorizations(defaults);
    }
  }

  /** In the page's command (see CamundaDirectoryTarget.inTransaction), else in one of its own. */
  private void inCommand(Consumer<CommandContext> work) {
    CommandContext context = Context.getCommandContext();
    if (context != null) {
      work.accept(context);
    } else {
      engine
          .getCommandExecutorTxRequired()
          .execute(
              c -> {
                work.accept(c);
                return null;
              });
    }
  }
}
