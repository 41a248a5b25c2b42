package io.entraid.connector.camunda.trigger;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;

/**
 * Gives the job log rows of trigger polls and deliveries a removal time, so the engine's history
 * cleanup removes them. They belong to no process instance, so Camunda sets none, and a trigger
 * polling every minute would otherwise add about 3,000 rows a day to {@code ACT_HI_JOB_LOG}
 * forever. Wraps the engine's history event handler: the events are changed before it writes them.
 */
public final class TriggerJobLogs implements HistoryEventHandler {
  /** How long trigger job logs are kept when nothing else is configured. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofDays(7);

  private static final Set<String> JOB_TYPES = Set.of(Triggers.POLL_JOB, Triggers.DELIVERY_JOB);
  private final HistoryEventHandler next;
  private final Duration timeToLive;

  public TriggerJobLogs(HistoryEventHandler next, Duration timeToLive) {
    this.next = next;
    this.timeToLive = timeToLive;
  }

  @Override
  public void handleEvent(HistoryEvent event) {
    expire(event);
    next.handleEvent(event);
  }

  @Override
  public void handleEvents(List<HistoryEvent> events) {
    events.forEach(TriggerJobLogs.this::expire);
    next.handleEvents(events);
  }

  // Camunda records a job without job definition under its handler type as the definition type.
  private void expire(HistoryEvent event) {
    if (event instanceof HistoricJobLogEvent log
        && log.getRemovalTime() == null
        && JOB_TYPES.contains(log.getJobDefinitionType())) {
      Date at = log.getTimestamp() != null ? log.getTimestamp() : new Date();
      log.setRemovalTime(new Date(at.getTime() + timeToLive.toMillis()));
    }
  }
}
