package io.entraid.connector.camunda.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entraid.connector.camunda.store.ConnectionAdmin;
import io.entraid.connector.camunda.store.ConnectionAdmin.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections REST API, mounted in Camunda's REST application: {@code
 * /engine-rest/entraid/...}. It relies on the engine's REST authentication (the caller is the
 * engine's current authentication) and admits only administrators (a member of an admin group,
 * {@code camunda-admin} by default, or an admin user): 401 without an authenticated caller, 403 for
 * others. JSON in and out; a refusal is {@code {"type", "message", "problems"?}}. The same resource
 * serves Admin's plugin API ({@code /camunda/api/admin/plugin/entraid/<engine>/...}, see {@code
 * webapp.ConnectionsPluginAssets}), where the webapps' session and CSRF protection apply. No Jersey
 * type appears here, so other JAX-RS implementations (RESTEasy) can load it.
 */
@Path("/entraid")
@Produces(MediaType.APPLICATION_JSON)
public final class ConnectionsResource {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionsResource.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<ConnectionAdmin> admin;
  private final Supplier<ProcessEngine> engine;

  /** What the resource works with, bound for Jersey's injection. */
  public record Dependencies(Supplier<ConnectionAdmin> admin, Supplier<ProcessEngine> engine) {}

  @Inject
  public ConnectionsResource(Dependencies dependencies) {
    this.admin = dependencies.admin();
    this.engine = dependencies.engine();
  }

  /** The API of one engine, for a sub-resource locator (the Admin plugin's API). */
  public static ConnectionsResource of(ProcessEngine engine, Supplier<ConnectionAdmin> admin) {
    return new ConnectionsResource(new Dependencies(admin, () -> engine));
  }

  @GET
  @Path("/connection-store")
  public Response store() {
    return call(a -> a.storeState());
  }

  /**
   * The element templates with a dropdown of this engine's connections; save the array as a file in
   * the Modeler's element-templates folder, in place of the generic templates.
   */
  @GET
  @Path("/element-templates")
  public Response elementTemplates() {
    return call(ConnectionAdmin::elementTemplates);
  }

  @GET
  @Path("/connections")
  public Response list() {
    return call(ConnectionAdmin::list);
  }

  @GET
  @Path("/connections/{name}")
  public Response get(@PathParam("name") String name) {
    return call(a -> a.get(name));
  }

  @POST
  @Path("/connections")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(String body) {
    return call(a -> a.create(parse(body), user()), 201);
  }

  @PATCH
  @Path("/connections/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(@PathParam("name") String name, String body) {
    return call(a -> a.update(name, parse(body), user()));
  }

  @DELETE
  @Path("/connections/{name}")
  public Response delete(@PathParam("name") String name, @QueryParam("dryRun") boolean dryRun) {
    return call(a -> a.delete(name, dryRun, user()));
  }

  @POST
  @Path("/connections/{name}/test")
  public Response test(@PathParam("name") String name) {
    return call(a -> a.test(name));
  }

  @POST
  @Path("/connections/{name}/rotate")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response rotate(@PathParam("name") String name, String body) {
    return call(a -> a.rotate(name, parse(body), user()));
  }

  @POST
  @Path("/connections/validate")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response validate(String body) {
    return call(a -> a.validate(parse(body)));
  }

  @GET
  @Path("/connections/{name}/audit")
  public Response audit(@PathParam("name") String name) {
    return call(a -> a.audit(name));
  }

  private Response call(Function<ConnectionAdmin, JsonNode> action) {
    return call(action, 200);
  }

  private Response call(Function<ConnectionAdmin, JsonNode> action, int status) {
    try {
      requireAdmin();
      ConnectionAdmin a = admin.get();
      if (a == null)
        throw new ApiException(503, "NotReady", "The process engine is still starting.");
      return json(status, action.apply(a));
    } catch (ApiException e) {
      return json(e.status(), e.toJson());
    } catch (RuntimeException e) {
      // the message may come from the database or the network: logged here, but never a secret
      LOG.error("ENTRAID-06005 Entra ID connections REST API failed: {}", e.toString());
      return json(
          500,
          new ApiException(
                  500,
                  "InternalError",
                  "The request failed on the server: "
                      + e.getClass().getSimpleName()
                      + ". Fix: see the server log (ENTRAID-06005).")
              .toJson());
    }
  }

  /** The caller as the engine's REST authentication established it. */
  private Authentication caller() {
    return engine.get().getIdentityService().getCurrentAuthentication();
  }

  private String user() {
    return caller().getUserId();
  }

  private void requireAdmin() {
    Authentication caller = caller();
    if (caller == null || caller.getUserId() == null)
      throw new ApiException(
          401,
          "Unauthorized",
          "Authentication required. Fix: sign in (HTTP Basic on /engine-rest, or the webapps' session).");
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.get().getProcessEngineConfiguration();
    List<String> adminGroups =
        configuration.getAdminGroups() == null ? List.of() : configuration.getAdminGroups();
    List<String> adminUsers =
        configuration.getAdminUsers() == null ? List.of() : configuration.getAdminUsers();
    boolean admin =
        adminUsers.contains(caller.getUserId())
            || (caller.getGroupIds() != null
                && caller.getGroupIds().stream().anyMatch(adminGroups::contains));
    if (!admin)
      throw new ApiException(
          403,
          "Forbidden",
          "User '"
              + caller.getUserId()
              + "' may not manage Entra ID connections: only administrators (members of "
              + String.join(", ", adminGroups)
              + ") may. Fix: ask an administrator, or add the user to that group.");
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) return JSON.createObjectNode();
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      // the parser's message may quote the body, which may hold a secret: not repeated
      throw new ApiException(
          400,
          "InvalidJson",
          "The request body is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "). Fix: send a JSON object.");
    }
  }

  private static Response json(int status, JsonNode body) {
    try {
      return Response.status(status)
          .type(MediaType.APPLICATION_JSON)
          .entity(JSON.writeValueAsString(body))
          .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
