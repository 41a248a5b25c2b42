package io.entraid.connector.camunda.trigger;

import io.entraid.connector.core.connection.ConnectionRegistry;
import io.entraid.connector.core.trigger.InvalidTriggerException;
import io.entraid.connector.core.trigger.TriggerDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TimerEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured triggers of an engine and how they run: each trigger has one poll job (a timer job
 * of {@link TriggerPollJobHandler}'s type, its name as configuration) that reschedules itself after
 * each poll. The engine's job executor runs it, so in a cluster one node polls at a time (the job's
 * lock), another node takes over when that node dies (the lock expires), and a poll that fails is
 * retried and finally shown as an incident. Each event becomes a job of {@link
 * TriggerDeliveryJobHandler} created in the transaction of its page.
 */
public final class Triggers {
  private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

  /** The job handler type of the trigger's poll jobs (configuration: the trigger's name). */
  public static final String POLL_JOB = "entraid-trigger-poll";

  /** The job handler type of the delivery jobs (configuration: the event as JSON). */
  public static final String DELIVERY_JOB = "entraid-trigger-delivery";

  private final Map<String, TriggerDefinition> byName;
  private final Map<String, TriggerStatus> status = new ConcurrentHashMap<>();

  private Triggers(Map<String, TriggerDefinition> byName) {
    this.byName = Map.copyOf(byName);
    byName.keySet().forEach(name -> status.put(name, new TriggerStatus()));
  }

  public static Triggers none() {
    return new Triggers(Map.of());
  }

  /**
   * Validates every trigger at once.
   *
   * @throws InvalidTriggerException with every problem of every invalid trigger
   */
  public static Triggers of(
      Map<String, TriggerDefinition.Settings> settings, Collection<String> connections) {
    return of(settings, connections, false);
  }

  /**
   * Validates every trigger at once.
   *
   * @param orStored whether the connection store is enabled: a trigger may then also name a stored
   *     connection, which {@link #requireConnections} checks once the store has been read
   * @throws InvalidTriggerException with every problem of every invalid trigger
   */
  public static Triggers of(
      Map<String, TriggerDefinition.Settings> settings,
      Collection<String> connections,
      boolean orStored) {
    Map<String, TriggerDefinition> byName = new LinkedHashMap<>();
    List<InvalidTriggerException> invalid = new ArrayList<>();
    settings.forEach(
        (name, s) -> {
          try {
            byName.put(
                name,
                orStored
                    ? TriggerDefinition.parseExceptConnection(name, s)
                    : TriggerDefinition.parse(name, s, connections));
          } catch (InvalidTriggerException e) {
            invalid.add(e);
          }
        });
    throwAll(invalid);
    return new Triggers(byName);
  }

  /**
   * Checks that each trigger's connection exists, configured or stored: once the engine has read
   * the connection store at start-up.
   *
   * @throws InvalidTriggerException naming each trigger whose connection exists nowhere
   */
  public void requireConnections(Collection<String> connections) {
    List<InvalidTriggerException> invalid = new ArrayList<>();
    for (TriggerDefinition t : byName.values())
      TriggerDefinition.connectionProblem(t.connection(), connections)
          .ifPresent(p -> invalid.add(new InvalidTriggerException(t.name(), List.of(p))));
    throwAll(invalid);
  }

  private static void throwAll(List<InvalidTriggerException> invalid) {
    if (invalid.size() == 1) throw invalid.get(0);
    if (invalid.isEmpty()) return;
    List<String> problems = new ArrayList<>();
    for (InvalidTriggerException e : invalid)
      e.problems().forEach(p -> problems.add(e.triggerName() + ": " + p));
    InvalidTriggerException all =
        new InvalidTriggerException(
            String.join(", ", invalid.stream().map(InvalidTriggerException::triggerName).toList()),
            problems);
    invalid.forEach(all::addSuppressed);
    throw all;
  }

  /**
   * Triggers configured as a JavaBean (camunda.cfg.xml, Camunda Run): per trigger the keys {@code
   * connection}, {@code events} and {@code watch} (comma-separated), {@code filter.<key>}, {@code
   * message} and {@code poll-interval}.
   */
  public static Triggers ofFlat(
      Map<String, Map<String, String>> flat, Collection<String> connections, boolean orStored) {
    Map<String, TriggerDefinition.Settings> settings = new LinkedHashMap<>();
    List<InvalidTriggerException> unknown = new ArrayList<>();
    flat.forEach(
        (name, keys) -> {
          Map<String, List<String>> filter = new LinkedHashMap<>();
          List<String> problems = new ArrayList<>();
          Map<String, String> known = new LinkedHashMap<>();
          keys.forEach(
              (key, value) -> {
                String k = key.strip();
                if (k.startsWith("filter.")) filter.put(k.substring(7), List.of(value));
                else if (FLAT_KEYS.contains(k.replace("-", "").toLowerCase(java.util.Locale.ROOT)))
                  known.put(k.replace("-", "").toLowerCase(java.util.Locale.ROOT), value);
                else
                  problems.add(
                      k
                          + ": not a trigger setting. Fix: use connection, events, watch,"
                          + " filter.<key>, message or poll-interval");
              });
          if (!problems.isEmpty()) {
            unknown.add(new InvalidTriggerException(name, problems));
            return;
          }
          settings.put(
              name,
              new TriggerDefinition.Settings(
                  known.get("connection"),
                  known.containsKey("events") ? List.of(known.get("events")) : List.of(),
                  known.containsKey("watch") ? List.of(known.get("watch")) : List.of(),
                  filter,
                  known.get("message"),
                  known.get("pollinterval")));
        });
    if (!unknown.isEmpty()) throw unknown.get(0);
    return of(settings, connections, orStored);
  }

  private static final List<String> FLAT_KEYS =
      List.of("connection", "events", "watch", "message", "pollinterval");

  public Collection<TriggerDefinition> all() {
    return byName.values();
  }

  public Optional<TriggerDefinition> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** What this node saw of a trigger's polls and deliveries. */
  public TriggerStatus status(String name) {
    return status.computeIfAbsent(name, n -> new TriggerStatus());
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** The job handlers to register with the engine before it is built. */
  public List<org.camunda.bpm.engine.impl.jobexecutor.JobHandler<?>> jobHandlers(
      ConnectionRegistry connections) {
    return List.of(
        new TriggerPollJobHandler(this, connections), new TriggerDeliveryJobHandler(this));
  }

  /**
   * Once the engine is built: creates the tables when missing, gives each trigger its poll job
   * (unless one exists) and deletes the poll jobs of triggers no longer configured.
   */
  public void start(ProcessEngineConfigurationImpl engine) {
    if (byName.isEmpty()) return;
    TriggerTables.create(engine.getDataSource());
    engine
        .getCommandExecutorTxRequired()
        .execute(
            context -> {
              // nodes starting at once would each find no poll job and each schedule one: the
              // engine's start-up lock (a row lock; H2 has none) makes them take turns
              context.getPropertyManager().acquireExclusiveLockForStartup();
              List<Job> jobs = context.getJobManager().findJobsByHandlerType(POLL_JOB);
              for (Job job : jobs) {
                String name = ((JobEntity) job).getJobHandlerConfigurationRaw();
                if (!byName.containsKey(name)) {
                  LOG.info(
                      "Entra ID trigger '{}' is no longer configured: its poll job {} is deleted",
                      name,
                      job.getId());
                  context.getJobManager().deleteJob((JobEntity) job);
                }
              }
              for (TriggerDefinition t : byName.values()) {
                boolean scheduled =
                    jobs.stream()
                        .anyMatch(
                            j -> t.name().equals(((JobEntity) j).getJobHandlerConfigurationRaw()));
                if (!scheduled) schedule(context, t.name(), ClockUtil.getCurrentTime());
              }
              return null;
            });
    LOG.info(
        "Entra ID triggers: {}",
        byName.values().stream()
            .map(
                t ->
                    t.name()
                        + " (connection "
                        + t.connection()
                        + ", "
                        + t.events()
                        + ", every "
                        + t.pollInterval()
                        + ")")
            .toList());
  }

  /**
   * A connection became usable (created again, fixed, its secret rotated): the poll jobs of the
   * triggers that read it and failed out of retries (an incident) get one retry, which resolves the
   * incident; the poll runs at once and, if the connection still fails, raises it again.
   */
  public void retryFailedPolls(String connection, ProcessEngineConfigurationImpl engine) {
    List<String> names =
        byName.values().stream()
            .filter(t -> t.connection().equals(connection))
            .map(TriggerDefinition::name)
            .toList();
    if (names.isEmpty()) return;
    List<String> failed =
        engine
            .getCommandExecutorTxRequired()
            .execute(
                context ->
                    context.getJobManager().findJobsByHandlerType(POLL_JOB).stream()
                        .filter(
                            j ->
                                j.getRetries() == 0
                                    && names.contains(
                                        ((JobEntity) j).getJobHandlerConfigurationRaw()))
                        .map(Job::getId)
                        .toList());
    for (String job : failed) {
      try {
        engine.getManagementService().setJobRetries(job, 1);
      } catch (OptimisticLockingException e) {
        continue; // another node of the cluster retried it at the same moment
      }
      LOG.info(
          "Entra ID connection '{}' is usable again: the failed poll job {} of its trigger(s) {} runs"
              + " again",
          connection,
          job,
          names);
    }
  }

  /** Schedules a trigger's next poll in the current command's transaction. */
  static void schedule(CommandContext context, String trigger, Date due) {
    TimerEntity timer = new TimerEntity();
    timer.setJobHandlerType(POLL_JOB);
    timer.setJobHandlerConfigurationRaw(trigger);
    timer.setDuedate(due);
    context.getJobManager().schedule(timer);
  }
}
