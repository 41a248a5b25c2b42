package io.entraid.connector.camunda;

import org.camunda.bpm.engine.ProcessEngineException;

/**
 * A technical failure of an Entra ID task: the job fails and, once out of retries, becomes an
 * incident whose message is this exception's. A failure that retrying cannot fix (configuration,
 * authentication, missing permission) is not retryable: {@link PermanentFailureJobCommandFactory}
 * then turns it into an incident at once instead of retrying for hours.
 */
public class EntraIdTaskFailure extends ProcessEngineException {
  private final boolean retryable;

  public EntraIdTaskFailure(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
