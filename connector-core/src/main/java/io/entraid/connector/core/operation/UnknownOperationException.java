package io.entraid.connector.core.operation;

import io.entraid.connector.core.EntraIdException;

/** A name that is not an operation of the catalog; the message names the operations there are. */
public final class UnknownOperationException extends EntraIdException {
  UnknownOperationException(String message) {
    super(message, null);
  }
}
