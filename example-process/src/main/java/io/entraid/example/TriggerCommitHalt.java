package io.entraid.example;

import io.entraid.connector.camunda.trigger.Triggers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityCache;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.AcquirableJobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Test hook, absent unless {@value #PROPERTY}{@code =N} is set: the N-th transaction that carries a
 * directory trigger's delivery jobs (a page of changes read from Graph, with its events and the
 * feed's next position) halts the JVM just before it commits, as {@code kill -9} would (exit code
 * 137). The end-to-end tests restart the app on the same database and check that every change
 * started exactly one instance. Never set it outside a test: the app stops without warning.
 */
@Component
@ConditionalOnProperty(TriggerCommitHalt.PROPERTY)
class TriggerCommitHalt extends AbstractProcessEnginePlugin {
  static final String PROPERTY = "example.test.halt-before-trigger-commit";

  static final int KILLED = 137;
  private static final Logger LOG = LoggerFactory.getLogger(TriggerCommitHalt.class);

  private final int at;
  private final AtomicInteger seen = new AtomicInteger();

  TriggerCommitHalt(@Value("${" + PROPERTY + "}") int at) {
    this.at = at;
    LOG.warn(
        "Test hook {}={} is set: this app halts before committing a directory trigger's page.",
        PROPERTY,
        at);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl engine) {
    engine.setCustomPostCommandInterceptorsTxRequired(
        with(engine.getCustomPostCommandInterceptorsTxRequired()));
    engine.setCustomPostCommandInterceptorsTxRequiresNew(
        with(engine.getCustomPostCommandInterceptorsTxRequiresNew()));
  }

  private List<CommandInterceptor> with(List<CommandInterceptor> interceptors) {
    List<CommandInterceptor> all = new ArrayList<>(interceptors == null ? List.of() : interceptors);
    all.add(new HaltBeforeCommit());
    return all;
  }

  /** Runs inside the command context, after the command: sees what the transaction will insert. */
  private final class HaltBeforeCommit extends CommandInterceptor {
    @Override
    public <T> T execute(Command<T> command) {
      T result = next.execute(command);
      CommandContext context = Context.getCommandContext();
      if (context != null && carriesDeliveries(context) && seen.incrementAndGet() == at) {
        LOG.warn("Test hook {}: halting before a trigger page commits.", PROPERTY);
        context
            .getTransactionContext()
            .addTransactionListener(
                TransactionState.COMMITTING, committing -> Runtime.getRuntime().halt(KILLED));
      }
      return result;
    }
  }

  private static boolean carriesDeliveries(CommandContext context) {
    DbEntityCache cache = context.getDbEntityManager().getDbEntityCache();
    // Jobs are cached under AcquirableJobEntity (DbEntityCacheKeyMapping); asking for that key
    // returns them all.
    return cache.getEntitiesByType(AcquirableJobEntity.class).stream()
        .anyMatch(
            job ->
                job instanceof JobEntity j
                    && Triggers.DELIVERY_JOB.equals(j.getJobHandlerType())
                    && cache.isTransient(j));
  }
}
