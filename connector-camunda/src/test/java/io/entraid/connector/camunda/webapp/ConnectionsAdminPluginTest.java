package io.entraid.connector.camunda.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.connection.EntraIdConnectionType;
import io.entraid.connector.core.connection.ParameterKey;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.camunda.bpm.admin.plugin.spi.AdminPlugin;
import org.junit.jupiter.api.Test;

/**
 * The Admin webapp finds the page the way it finds every plugin (ServiceLoader over {@link
 * AdminPlugin}), serves its files from the plugin's asset directory under {@code
 * api/admin/plugin/<id>/static/}, and loads {@code app/plugin.js} as an ES module
 * (docs.camunda.org/manual/latest/webapps/admin/plugins, "admin.route" and
 * "admin.dashboard.section" plugin points). The page's behaviour is proven in a browser by
 * example-process's ConnectionsPageIT.
 */
class ConnectionsAdminPluginTest {

  @Test
  void adminFindsThePluginThroughItsServiceFile() {
    assertThat(ServiceLoader.load(AdminPlugin.class).stream().map(ServiceLoader.Provider::get))
        .anySatisfy(
            plugin -> {
              assertThat(plugin).isInstanceOf(ConnectionsAdminPlugin.class);
              assertThat(plugin.getId()).isEqualTo("entraid");
              assertThat(plugin.getResourceClasses())
                  .containsExactly(ConnectionsPluginAssets.class);
            });
  }

  @Test
  void theAssetsAreServedUnderThePluginsPath() {
    assertThat(ConnectionsPluginAssets.class.getAnnotation(Path.class).value())
        .isEqualTo("plugin/entraid");
  }

  @Test
  void theFormsKeysAreTheConnectionTypesOwn() {
    assertThat(new ConnectionsPluginAssets().keys())
        .extracting(key -> key.get("name"))
        .containsExactlyElementsOf(
            EntraIdConnectionType.KEYS.stream().map(ParameterKey::name).toList());
    assertThat(new ConnectionsPluginAssets().keys())
        .filteredOn(key -> Boolean.TRUE.equals(key.get("secret")))
        .extracting(key -> key.get("name"))
        .contains("ClientSecret");
  }

  @Test
  void theScriptRegistersTheRouteAndTheDashboardSectionAndTheStylesExist() throws IOException {
    String directory = new ConnectionsAdminPlugin().getAssetDirectory();
    String script = asset(directory + "/app/plugin.js");
    assertThat(script)
        .contains("export default [", "pluginPoint: 'admin.route'", "'admin.dashboard.section'")
        .contains("'X-XSRF-TOKEN'", "type: 'password'", "autocomplete: 'new-password'")
        .doesNotContain("console.", "innerHTML");
    assertThat(asset(directory + "/app/plugin.css")).contains(".entraid-connections");
  }

  private static String asset(String path) throws IOException {
    try (InputStream in =
        ConnectionsAdminPluginTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
