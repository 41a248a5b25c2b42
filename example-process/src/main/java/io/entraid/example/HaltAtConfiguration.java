package io.entraid.example;

import io.entraid.connector.camunda.sync.CamundaSyncTargets;
import io.entraid.connector.core.operation.OperationCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test-only ({@value HaltAt#PROPERTY}): the operation catalog with syncs that halt this JVM at a
 * named point, for the reliability suite's kill scenarios. Absent unless the property is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(HaltAt.PROPERTY)
class HaltAtConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(HaltAtConfiguration.class);

  @Bean
  OperationCatalog haltingOperationCatalog(
      CamundaSyncTargets syncTargets, @Value("${" + HaltAt.PROPERTY + "}") String spec) {
    HaltAt.Point point = HaltAt.Point.parse(spec);
    LOG.warn(
        "ENTRAID-07001 Test-only hook armed ({}={}): this node halts as kill -9 would at that point"
            + " of a directory sync; never set it in production",
        HaltAt.PROPERTY,
        point);
    return OperationCatalog.standard(
        new HaltAt(syncTargets, point, () -> Runtime.getRuntime().halt(137)));
  }
}
