package io.entraid.connector.camunda.webapp;

import jakarta.ws.rs.Path;
import org.camunda.bpm.admin.resource.AbstractAdminPluginRootResource;

/**
 * Serves the page's two files ({@code app/plugin.js}, {@code app/plugin.css}) at {@code
 * /camunda/api/admin/plugin/entraid/static/app/...}, as Admin expects of every plugin; Camunda's
 * base class allows no other file.
 */
@Path("plugin/" + ConnectionsAdminPlugin.ID)
public class ConnectionsPluginAssets extends AbstractAdminPluginRootResource {
  public ConnectionsPluginAssets() {
    super(ConnectionsAdminPlugin.ID);
  }
}
