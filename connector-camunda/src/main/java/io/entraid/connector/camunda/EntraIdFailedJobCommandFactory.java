package io.entraid.connector.camunda;

import org.camunda.bpm.engine.impl.bpmn.parser.FailedJobRetryConfiguration;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.util.ParseUtil;

/**
 * How failed Entra ID jobs are retried. Other jobs go to the engine's own strategy unchanged.
 *
 * <ul>
 *   <li>A non-retryable {@link EntraIdTaskFailure} (wrong secret, missing permission, unknown
 *       connection) sets the job's retries to zero at once, which raises the incident immediately:
 *       retrying every few minutes for hours would only repeat the error; an administrator fixes
 *       the cause and retries the incident from Cockpit.
 *   <li>A retryable one follows the task's {@code retryCycle} input when set (Camunda 7 element
 *       templates cannot bind {@code camunda:failedJobRetryTimeCycle}, so the template offers this
 *       input instead), else the engine's configured strategy.
 * </ul>
 */
public final class EntraIdFailedJobCommandFactory implements FailedJobCommandFactory {
  private final FailedJobCommandFactory delegate;

  public EntraIdFailedJobCommandFactory(FailedJobCommandFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public Command<Object> getCommand(String jobId, Throwable exception) {
    EntraIdTaskFailure failure = find(exception);
    if (failure == null) return delegate.getCommand(jobId, exception);
    if (!failure.retryable()) {
      return commandContext -> {
        new DefaultJobRetryCmd(jobId, exception).execute(commandContext);
        JobEntity job = commandContext.getJobManager().findJobById(jobId);
        if (job != null && job.getRetries() > 0)
          job.setRetries(0); // creates the failedJob incident
        return null;
      };
    }
    if (failure.retryCycle() == null) return delegate.getCommand(jobId, exception);
    return new DefaultJobRetryCmd(jobId, exception) {
      @Override
      public FailedJobRetryConfiguration getFailedJobRetryConfiguration(
          JobEntity job, ActivityImpl activity) {
        return ParseUtil.parseRetryIntervals(failure.retryCycle());
      }
    };
  }

  static EntraIdTaskFailure find(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof EntraIdTaskFailure failure) return failure;
    }
    return null;
  }
}
