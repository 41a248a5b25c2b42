package io.entraid.connector.camunda.webapp;

import io.entraid.connector.camunda.EntraIdProcessEnginePlugin;
import io.entraid.connector.camunda.rest.ConnectionsResource;
import io.entraid.connector.camunda.store.StoredConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.admin.resource.AbstractAdminPluginRootResource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.exception.RestException;

/**
 * The page's side of Admin's API, under {@code /camunda/api/admin/plugin/entraid/}: its two files
 * ({@code static/app/plugin.js}, {@code static/app/plugin.css}; Camunda's base class allows no
 * other) and the keys of an EntraID connection, from which the page builds its form, so a key the
 * connection type gains appears there without a change to the page; and the connections API of each
 * engine, which the page calls.
 */
@Path("plugin/" + ConnectionsAdminPlugin.ID)
public class ConnectionsPluginAssets extends AbstractAdminPluginRootResource {
  public ConnectionsPluginAssets() {
    super(ConnectionsAdminPlugin.ID);
  }

  /**
   * The connections API of the named engine, {@code plugin/entraid/<engine>/connections...}: the
   * same calls as under {@code /engine-rest/entraid}, here with the webapps' session and CSRF
   * protection, so the page works wherever Camunda's webapps run beside the engine, whatever
   * authentication the engine's REST API has.
   */
  @Path("{engine}")
  public ConnectionsResource connections(@PathParam("engine") String engineName) {
    ProcessEngine engine = runtimeDelegate.getProcessEngine(engineName);
    EntraIdProcessEnginePlugin plugin =
        engine == null ? null : EntraIdProcessEnginePlugin.of(engine).orElse(null);
    if (plugin == null)
      throw new RestException(
          Status.NOT_FOUND,
          "No process engine '"
              + engineName
              + "' with the Entra ID connector plugin. Fix: open the page of an engine that has"
              + " it");
    return ConnectionsResource.of(engine, plugin::getConnectionAdmin);
  }

  /**
   * Each key's name, whether it is required, whether it is a secret in a stored connection (which
   * holds a certificate by content), and what to put there.
   */
  @GET
  @Path("keys")
  @Produces(MediaType.APPLICATION_JSON)
  public List<Map<String, Object>> keys() {
    return EntraIdConnectionType.KEYS.stream()
        .map(
            key ->
                Map.<String, Object>of(
                    "name", key.name(),
                    "required", key.required(),
                    "secret", StoredConnection.isSecret(key.name()),
                    "description", key.description()))
        .toList();
  }
}
