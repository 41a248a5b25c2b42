package io.entraid.example;

import io.entraid.connector.camunda.sync.CamundaSyncTargets;
import io.entraid.connector.core.operation.OperationCatalog;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test-only ({@value HaltAt#PROPERTY}): the operation catalog with syncs that can halt this JVM at
 * a named point, for the reliability suite's kill scenarios. Absent unless the property is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(HaltAt.PROPERTY)
class HaltAtConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(HaltAtConfiguration.class);

  @Bean
  OperationCatalog haltingOperationCatalog(
      CamundaSyncTargets syncTargets, @Value("${" + HaltAt.PROPERTY + "}") Path file) {
    LOG.warn(
        "ENTRAID-07001 Test-only hook set ({}={}): a directory sync that finds this file halts the"
            + " node as kill -9 would at the point the file names; never set it in production",
        HaltAt.PROPERTY,
        file);
    return OperationCatalog.standard(
        new HaltAt(syncTargets, file, () -> Runtime.getRuntime().halt(137)));
  }
}
