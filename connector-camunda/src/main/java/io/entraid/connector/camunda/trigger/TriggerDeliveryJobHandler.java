package io.entraid.connector.camunda.trigger;

import io.entraid.connector.core.trigger.TriggerEvent;
import java.util.LinkedHashSet;
import java.util.Set;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one event, as a job created with the page it came from: first to the instances waiting
 * for its message whose {@code entraUserId} (group events: {@code entraGroupId}) is the event's; if
 * none waits, it starts the process whose message start event has that name (business key: the
 * user's userPrincipalName, the group's id); if there is neither, the event is counted as
 * unsubscribed and logged. A correlation that fails fails this job: retried, then an incident that
 * shows the event, which is not lost.
 */
final class TriggerDeliveryJobHandler implements JobHandler<TriggerDeliveryJobHandler.Event> {
  private static final Logger LOG = LoggerFactory.getLogger(TriggerDeliveryJobHandler.class);

  private final Triggers triggers;

  TriggerDeliveryJobHandler(Triggers triggers) {
    this.triggers = triggers;
  }

  /** A job's configuration: the event as JSON. */
  record Event(String json) implements JobHandlerConfiguration {
    @Override
    public String toCanonicalString() {
      return json;
    }
  }

  @Override
  public String getType() {
    return Triggers.DELIVERY_JOB;
  }

  @Override
  public void execute(
      Event configuration, ExecutionEntity execution, CommandContext context, String tenantId) {
    TriggerEvent event = TriggerEvent.fromJson(configuration.json());
    RuntimeService runtime = context.getProcessEngineConfiguration().getRuntimeService();
    RepositoryService repository = context.getProcessEngineConfiguration().getRepositoryService();
    String variable = event.kind().correlationVariable();
    String value = event.correlationValue();
    TriggerStatus status = triggers.status(event.trigger());
    try {
      // by instance id: a correlation by variable alone would also start a new instance
      Set<String> waiting = new LinkedHashSet<>();
      runtime
          .createExecutionQuery()
          .messageEventSubscriptionName(event.message())
          .processVariableValueEquals(variable, value)
          .list()
          .forEach(e -> waiting.add(e.getProcessInstanceId()));
      for (String instance : waiting)
        runtime
            .createMessageCorrelation(event.message())
            .processInstanceId(instance)
            .setVariables(event.variables())
            .correlate();
      if (!waiting.isEmpty()) {
        status.delivered();
        return;
      }
      if (repository
              .createProcessDefinitionQuery()
              .messageEventSubscriptionName(event.message())
              .count()
          > 0) {
        runtime
            .createMessageCorrelation(event.message())
            .processInstanceBusinessKey(event.businessKey())
            .setVariables(event.variables())
            .correlateStartMessage();
        status.delivered();
        return;
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Entra ID trigger '"
              + event.trigger()
              + "' could not deliver "
              + event.kind()
              + " of "
              + event.objectId()
              + " as message '"
              + event.message()
              + "': "
              + e.getMessage()
              + ". The event stays in this job (whole in its stack trace); retry it once the cause"
              + " is fixed. Event: "
              + configuration.json(),
          e);
    }
    long count = status.unsubscribed();
    LOG.info(
        "Entra ID trigger '{}': no process waits for or starts with message '{}'; {} of {} not"
            + " delivered ({} such events on this node so far)",
        event.trigger(),
        event.message(),
        event.kind(),
        event.objectId(),
        count);
  }

  @Override
  public Event newConfiguration(String canonicalString) {
    return new Event(canonicalString);
  }

  @Override
  public void onDelete(Event configuration, JobEntity jobEntity) {}
}
