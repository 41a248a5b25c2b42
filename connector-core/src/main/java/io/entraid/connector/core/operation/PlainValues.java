package io.entraid.connector.core.operation;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Graph JSON as the plain Maps and Lists a result variable holds, without Graph's @odata
 * annotations.
 */
public final class PlainValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlainValues() {}

  public static Map<String, Object> object(JsonNode node) {
    Map<String, Object> map =
        JSON.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {});
    map.keySet().removeIf(k -> k.startsWith("@odata."));
    return map;
  }

  public static List<Map<String, Object>> objects(Iterable<JsonNode> nodes) {
    List<Map<String, Object>> list = new ArrayList<>();
    nodes.forEach(n -> list.add(object(n)));
    return list;
  }
}
