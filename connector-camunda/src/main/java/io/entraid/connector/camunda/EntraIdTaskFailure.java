package io.entraid.connector.camunda;

import org.camunda.bpm.engine.ProcessEngineException;

/**
 * A technical failure of an Entra ID task: the job fails and, once out of retries, becomes an
 * incident whose message is this exception's. A failure that retrying cannot fix (configuration,
 * authentication, missing permission) is not retryable: {@link EntraIdFailedJobCommandFactory} then
 * raises the incident at once instead of retrying for hours.
 *
 * @see EntraIdFailedJobCommandFactory
 */
public class EntraIdTaskFailure extends ProcessEngineException {
  private final boolean retryable;
  private final String retryCycle;

  /**
   * @param retryCycle the task's retry cycle input (e.g. R5/PT1M), or null for the engine's
   *     strategy
   */
  public EntraIdTaskFailure(String message, boolean retryable, String retryCycle, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.retryCycle = retryCycle;
  }

  public boolean retryable() {
    return retryable;
  }

  public String retryCycle() {
    return retryCycle;
  }
}
