package io.entraid.connector.camunda;

import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

/**
 * Lets the engine's retry strategy handle a failed job as usual, except that a non-retryable
 * {@link EntraIdTaskFailure} (wrong secret, missing permission, unknown connection) sets the job's
 * retries to zero at once, which raises the incident immediately. Retrying such a job every few
 * minutes for hours would only repeat the same error; an administrator fixes the cause and retries
 * the incident from Cockpit.
 */
public final class PermanentFailureJobCommandFactory implements FailedJobCommandFactory {
  private final FailedJobCommandFactory delegate;

  public PermanentFailureJobCommandFactory(FailedJobCommandFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public Command<Object> getCommand(String jobId, Throwable exception) {
    if (!isPermanent(exception)) {
      return delegate.getCommand(jobId, exception);
    }
    return commandContext -> {
      new DefaultJobRetryCmd(jobId, exception).execute(commandContext);
      JobEntity job = commandContext.getJobManager().findJobById(jobId);
      if (job != null && job.getRetries() > 0) {
        job.setRetries(0); // creates the failedJob incident
      }
      return null;
    };
  }

  static boolean isPermanent(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof EntraIdTaskFailure failure) return !failure.retryable();
    }
    return false;
  }
}
