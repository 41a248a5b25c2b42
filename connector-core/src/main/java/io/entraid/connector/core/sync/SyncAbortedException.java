package io.entraid.connector.core.sync;

/** A sync stopped on purpose before writing (the deletion guard); retrying without a change repeats it. */
public class SyncAbortedException extends RuntimeException {
  public SyncAbortedException(String message) {
    super(message);
  }
}
