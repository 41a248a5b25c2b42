package io.entraid.connector.camunda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.impl.cfg.CompositeProcessEnginePlugin;
import org.camunda.bpm.spring.boot.starter.spin.SpringBootSpinProcessEnginePlugin;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.junit.jupiter.api.Test;

/** The start-up check that Spin is registered recognises it however the host registers it. */
class SpinCheckTest {
  @Test
  void springBootsSubclassInsideItsCompositeCounts() {
    assertThat(
            EntraIdProcessEnginePlugin.containsSpin(
                List.of(new CompositeProcessEnginePlugin(new SpringBootSpinProcessEnginePlugin()))))
        .isTrue();
    assertThat(EntraIdProcessEnginePlugin.containsSpin(List.of(new SpinProcessEnginePlugin())))
        .isTrue();
    assertThat(EntraIdProcessEnginePlugin.containsSpin(List.of(new CompositeProcessEnginePlugin())))
        .isFalse();
  }
}
