package io.entraid.emulator.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.DirectoryObject;
import io.entraid.emulator.Schema;
import io.entraid.emulator.http.Json;
import java.util.List;

/**
 * Renders directory objects as Graph does: default properties (nulls included) or exactly the
 * $select-ed ones.
 */
final class JsonView {
  private JsonView() {}

  /**
   * @param select property names, or null for the type's default set
   * @param withType add {@code "@odata.type"} (collections of directoryObjects, e.g. members)
   */
  /**
   * query-parameters.md / known-issues.md: an expanded directory-object relationship holds at most
   * 20 objects.
   */
  static final int MAX_EXPANDED = 20;

  /**
   * Adds an expanded navigation property to a rendered object: {@code manager} as one object
   * (absent without a manager, as user-list-manager.md shows), any other as an array of at most
   * {@value #MAX_EXPANDED}.
   */
  static void expand(ObjectNode item, String navigation, List<DirectoryObject> related) {
    if (navigation.equals("manager")) {
      if (!related.isEmpty()) {
        item.set("manager", render(related.get(0), null, true));
      }
      return;
    }
    com.fasterxml.jackson.databind.node.ArrayNode value = item.putArray(navigation);
    related.stream().limit(MAX_EXPANDED).forEach(o -> value.add(render(o, null, true)));
  }

  static ObjectNode render(DirectoryObject o, List<String> select, boolean withType) {
    ObjectNode n = Json.object();
    Schema schema = o.schema();
    if (withType) {
      n.put("@odata.type", "#" + schema.typeName());
    }
    if (select == null) {
      for (Schema.Property p : schema.properties()) {
        if (p.defaultSelected()) {
          put(n, p.name(), o.get(p.name()));
        }
      }
    } else {
      if (withType) {
        n.put("id", o.id()); // Graph always identifies members of a mixed collection
      }
      for (String name : select) {
        Schema.Property p = schema.property(name);
        if (p != null) {
          put(n, p.name(), o.get(p.name()));
        }
      }
    }
    return n;
  }

  /** The names of the properties Graph returns without $select. */
  static List<String> defaultNames(DirectoryObject o) {
    return o.schema().properties().stream()
        .filter(Schema.Property::defaultSelected)
        .map(Schema.Property::name)
        .toList();
  }

  static void put(ObjectNode n, String name, Object v) {
    if (v == null) {
      n.putNull(name);
    } else if (v instanceof Boolean b) {
      n.put(name, b);
    } else if (v instanceof List<?> l) {
      ArrayNode a = n.putArray(name);
      l.forEach(x -> a.add(String.valueOf(x)));
    } else {
      n.put(name, v.toString());
    }
  }

  static String selectSuffix(List<String> select) {
    return select == null ? "" : "(" + String.join(",", select) + ")";
  }
}
