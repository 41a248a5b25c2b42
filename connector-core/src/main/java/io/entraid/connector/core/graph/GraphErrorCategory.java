package io.entraid.connector.core.graph;

/** What a failed Graph call means for the caller: a business outcome, or a technical failure. */
public enum GraphErrorCategory {
  /** The object does not exist (404, or a name that matched nothing). A business outcome. */
  NOT_FOUND(true),
  /** The object already exists (duplicate UPN, mail nickname...). A business outcome. */
  ALREADY_EXISTS(true),
  /** A name matched more than one object. A business outcome. */
  AMBIGUOUS(true),
  /** The input was refused before or by Graph (400). A business outcome. */
  INVALID_INPUT(true),
  /** The connection's app lacks an application permission (403). Needs an administrator. */
  PERMISSION_DENIED(false),
  /** The token was refused even after a refresh (401). Needs an administrator. */
  AUTHENTICATION(false),
  /** Graph kept answering 429 beyond the retry budget. Retry later. */
  THROTTLED(false),
  /** A 5xx, a timeout or a network failure beyond the retry budget. Retry later. */
  TRANSIENT(false),
  /**
   * A write that is not safe to repeat (a create) got a 5xx, a timeout or a reset: Graph may have
   * applied it. Not retried automatically; a person checks the directory first.
   */
  OUTCOME_UNKNOWN(false);

  private final boolean business;

  GraphErrorCategory(boolean business) {
    this.business = business;
  }

  /**
   * True for outcomes a process may want to handle (a BPMN error), false for technical failures.
   */
  public boolean isBusinessOutcome() {
    return business;
  }

  /** True where retrying the same call later can succeed without anyone changing anything. */
  public boolean isRetryable() {
    return this == THROTTLED || this == TRANSIENT;
  }
}
