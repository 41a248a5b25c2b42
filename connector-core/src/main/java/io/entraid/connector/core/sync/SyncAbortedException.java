package io.entraid.connector.core.sync;

import io.entraid.connector.core.EntraIdException;

/**
 * A sync stopped on purpose before writing (the deletion guard); retrying without a change repeats
 * it.
 */
public final class SyncAbortedException extends EntraIdException {
  public SyncAbortedException(String message) {
    super(message, null);
  }
}
