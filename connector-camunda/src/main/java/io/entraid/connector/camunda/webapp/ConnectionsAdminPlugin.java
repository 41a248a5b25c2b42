package io.entraid.connector.camunda.webapp;

import java.util.Set;
import org.camunda.bpm.admin.plugin.spi.impl.AbstractAdminPlugin;

/**
 * The "Entra ID connections" page of Camunda's Admin webapp, registered through the webapps' plugin
 * SPI ({@code META-INF/services/org.camunda.bpm.admin.plugin.spi.AdminPlugin}), so every app that
 * has the connector and the webapps gets it without editing {@code config.js}. Admin loads {@code
 * plugin-webapp/entraid/app/plugin.js} and {@code plugin.css} from this jar; the page itself talks
 * to the connections API under Admin's plugin API ({@code
 * /camunda/api/admin/plugin/entraid/<engine>/connections}, see {@link ConnectionsPluginAssets}).
 */
public class ConnectionsAdminPlugin extends AbstractAdminPlugin {
  /** The plugin's id: Admin serves its files under {@code api/admin/plugin/entraid/static/}. */
  public static final String ID = "entraid";

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Set<Class<?>> getResourceClasses() {
    return Set.of(ConnectionsPluginAssets.class);
  }
}
