package io.entraid.connector.core.graph;

import java.util.List;

/** One page of a collection or delta query. */
public record Page<T>(List<T> items, String nextLink, String deltaLink, Long count) {
  public Page {
    items = List.copyOf(items);
  }
}
