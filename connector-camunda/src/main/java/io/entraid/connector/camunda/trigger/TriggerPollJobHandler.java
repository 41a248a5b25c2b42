package io.entraid.connector.camunda.trigger;

import io.entraid.connector.core.EntraIdException;
import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.connection.EntraConnection;
import io.entraid.connector.core.connection.InvalidConnectionException;
import io.entraid.connector.core.connection.UnknownConnectionException;
import io.entraid.connector.core.trigger.ChangeFeed;
import io.entraid.connector.core.trigger.TriggerDefinition;
import io.entraid.connector.core.trigger.TriggerEvent;
import java.util.Date;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a trigger's change feed, run as an engine job. Each page of changes commits in a
 * transaction of its own with its delivery jobs and the feed's next position; the job's own
 * transaction schedules the next poll, one poll interval later. The trigger's connection is looked
 * up by name at each poll, so a connection added or changed at runtime is used at the next poll.
 */
final class TriggerPollJobHandler implements JobHandler<TriggerPollJobHandler.Name> {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerPollJobHandler.class);

  private static final int MAX_CONFIGURATION = 4000;
  private static final int SHORTENED_VALUE = 80;
  private final Triggers triggers;
  private final ConnectionRegistry connections;

  TriggerPollJobHandler(Triggers triggers, ConnectionRegistry connections) {
    this.triggers = triggers;
    this.connections = connections;
  }

  /** A job's configuration: the trigger's name. */
  record Name(String value) implements JobHandlerConfiguration {
    @Override
    public String toCanonicalString() {
      return value;
    }
  }

  @Override
  public String getType() {
    return Triggers.POLL_JOB;
  }

  @Override
  public void execute(
      Name configuration, ExecutionEntity execution, CommandContext context, String tenantId) {
    TriggerDefinition trigger =
        triggers
            .get(configuration.value())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Entra ID trigger '"
                            + configuration.value()
                            + "' is not configured on this node. Fix: configure it on every node"
                            + " of the cluster, or delete this job"));
    var engine = context.getProcessEngineConfiguration();
    ChangeFeed feed =
        new ChangeFeed(
            trigger,
            connection(trigger),
            new JdbcFeedStore(trigger.name()),
            TriggerPollJobHandler::deliverLater,
            work ->
                engine
                    .getCommandExecutorTxRequiresNew()
                    .execute(
                        c -> {
                          work.run();
                          return null;
                        }));
    Date next = new Date(ClockUtil.getCurrentTime().getTime() + trigger.pollInterval().toMillis());
    ChangeFeed.Poll poll;
    try {
      poll = feed.poll();
    } catch (EntraIdException e) {
      if (!e.isRetryable()) throw e; // wrong secret, missing permission: an incident at once
      // Graph unavailable beyond the client's retries: the pages read so far are committed, the
      // next poll continues from there
      LOG.warn(
          "ENTRAID-04003 Entra ID trigger '{}' could not poll connection '{}' ({}); it tries again"
              + " at the next poll, {}",
          trigger.name(),
          trigger.connection(),
          e.getMessage(),
          next);
      triggers.status(trigger.name()).failed(e.getMessage());
      Triggers.schedule(context, trigger.name(), next);
      return;
    }
    triggers.status(trigger.name()).polled(ClockUtil.getCurrentTime().toInstant(), poll.baseline());
    LOG.debug("Entra ID trigger '{}' polled: {}", trigger.name(), poll);
    if (poll.delivered() > 0)
      LOG.info(
          "Entra ID trigger '{}': {} events from {} changes ({} filtered out, {} repeats dropped)",
          trigger.name(),
          poll.delivered(),
          poll.items(),
          poll.filtered(),
          poll.repeated());
    Triggers.schedule(context, trigger.name(), next);
  }

  /**
   * The trigger's connection as it is now. One deleted from the store, or stored with a problem,
   * fails the poll with the trigger's name and the fix: retried, then an incident, which {@link
   * Triggers#retryFailedPolls} resolves once the connection is usable again.
   */
  private EntraConnection connection(TriggerDefinition trigger) {
    try {
      return connections.get(trigger.connection());
    } catch (UnknownConnectionException | InvalidConnectionException e) {
      String message =
          "Entra ID trigger '"
              + trigger.name()
              + "' cannot poll: "
              + (e instanceof UnknownConnectionException
                  ? "its connection '"
                      + trigger.connection()
                      + "' exists neither in configuration nor in the connection store (deleted?)."
                      + " Connections: "
                      + connections.names()
                  : "its connection is not usable. " + e.getMessage())
              + ". Fix: create or repair the connection '"
              + trigger.connection()
              + "' (Camunda Admin > Entra ID connections, or /engine-rest/entraid/connections), or"
              + " name another connection in the trigger's configuration; once the connection"
              + " is usable the poll runs again by itself";
      triggers.status(trigger.name()).failed(message);
      throw new IllegalStateException(message, e);
    }
  }

  /**
   * An event becomes a delivery job in the current transaction: the page's. A job's configuration
   * holds 4000 characters; an event with longer values has them shortened rather than make its page
   * fail at every poll.
   */
  private static void deliverLater(TriggerEvent event) {
    String json = event.toJson();
    if (json.length() > MAX_CONFIGURATION) {
      json = event.shortened(SHORTENED_VALUE).toJson();
      LOG.warn(
          "ENTRAID-04004 Entra ID trigger '{}': {} carries values too long for a job; each is cut"
              + " to {} characters in its variables",
          event.trigger(),
          event,
          SHORTENED_VALUE);
    }
    MessageEntity job = new MessageEntity();
    job.setJobHandlerType(Triggers.DELIVERY_JOB);
    job.setJobHandlerConfigurationRaw(json);
    Context.getCommandContext().getJobManager().send(job);
  }

  @Override
  public Name newConfiguration(String canonicalString) {
    return new Name(canonicalString);
  }

  @Override
  public void onDelete(Name configuration, JobEntity jobEntity) {}
}
