package io.entraid.example;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;

/**
 * The authorizations the example processes need besides the admin group's (camunda-admin holds all,
 * granted by the Camunda starter when it creates the first admin). Everybody else starts with none:
 * no deployments, no process starts, no instances or variables to read. The candidate group {@code
 * Approvers} of the access request gets Tasklist and that process's definition; its task itself is
 * granted by the engine to its candidates (read and work on that task only).
 */
final class ExampleAuthorizations extends AbstractProcessEnginePlugin {
  static final String APPROVERS = "Approvers";

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    AuthorizationService authorizations = engine.getAuthorizationService();
    grant(authorizations, APPROVERS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(
        authorizations,
        APPROVERS,
        Resources.PROCESS_DEFINITION,
        "entra-access-request",
        Permissions.READ);
  }

  private static void grant(
      AuthorizationService authorizations,
      String group,
      Resource resource,
      String resourceId,
      Permission permission) {
    if (authorizations
            .createAuthorizationQuery()
            .groupIdIn(group)
            .resourceType(resource)
            .resourceId(resourceId)
            .hasPermission(permission)
            .count()
        > 0) return;
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setGroupId(group);
    grant.setResource(resource);
    grant.setResourceId(resourceId);
    grant.addPermission(permission);
    authorizations.saveAuthorization(grant);
  }
}
