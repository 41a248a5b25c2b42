package io.entraid.connector.camunda.webapp;

import io.entraid.connector.camunda.store.StoredConnection;
import io.entraid.connector.core.connection.EntraIdConnectionType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.admin.resource.AbstractAdminPluginRootResource;

/**
 * The page's side of Admin's API, under {@code /camunda/api/admin/plugin/entraid/}: its two files
 * ({@code static/app/plugin.js}, {@code static/app/plugin.css}; Camunda's base class allows no
 * other) and the keys of an EntraID connection, from which the page builds its form, so a key the
 * connection type gains appears there without a change to the page.
 */
@Path("plugin/" + ConnectionsAdminPlugin.ID)
public class ConnectionsPluginAssets extends AbstractAdminPluginRootResource {
  public ConnectionsPluginAssets() {
    super(ConnectionsAdminPlugin.ID);
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
