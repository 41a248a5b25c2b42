package io.entraid.emulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.emulator.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Directory files. Format (Graph property names; unknown names are rejected):
 *
 * <pre>
 * {
 *   "domain": "contoso.onmicrosoft.com",                       (optional; default contoso.onmicrosoft.com)
 *   "users":  [ {"id": "...", "userPrincipalName": "...", "displayName": "...", "accountEnabled": true,
 *                "mailNickname": "...", ...any user property..., "manager": "&lt;user id&gt;"} ],
 *   "groups": [ {"id": "...", "displayName": "...", "mailEnabled": false, "securityEnabled": true,
 *                "mailNickname": "...", "groupTypes": [], ..., "members": ["&lt;user or group id&gt;", ...]} ]
 * }
 * </pre>
 *
 * "id" is optional (generated when missing); references ("manager", "members") use ids.
 */
final class DirectoryJson {
  private DirectoryJson() {}

  static Directory load(Path file) throws IOException {
    JsonNode root;
    try (InputStream in = Files.newInputStream(file)) {
      root = Json.MAPPER.readTree(in);
    }
    String domain = root.path("domain").asText(EntraEmulator.DEFAULT_DOMAIN);
    Directory d = new Directory(domain, new Random(file.toString().hashCode()));
    Map<String, String> managers = new LinkedHashMap<>();
    for (JsonNode u : root.path("users")) {
      Map<String, Object> p = properties((ObjectNode) u, "manager");
      User created = d.createUser(p);
      if (u.hasNonNull("manager")) {
        managers.put(created.id(), u.get("manager").asText());
      }
    }
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (JsonNode g : root.path("groups")) {
      Group created = d.createGroup(properties((ObjectNode) g, "members"));
      List<String> m = new ArrayList<>();
      g.path("members").forEach(x -> m.add(x.asText()));
      members.put(created.id(), m);
    }
    members.forEach(
        (g, m) -> {
          if (!m.isEmpty()) {
            d.addMembers(g, m);
          }
        });
    managers.forEach(d::setManager);
    return d;
  }

  private static Map<String, Object> properties(ObjectNode node, String skip) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getKey().equals(skip)) {
        p.put(e.getKey(), toJava(e.getValue()));
      }
    }
    return p;
  }

  static Object toJava(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isArray()) {
      List<Object> l = new ArrayList<>();
      v.forEach(x -> l.add(toJava(x)));
      return l;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isObject()) {
      return v; // rejected by the schema check as an invalid value
    }
    return v.asText();
  }

  /** Streams the directory out (no full in-memory JSON tree, so 100k users are fine). */
  static void save(Directory d, Path file) throws IOException {
    Map<String, String> managers = d.managerIds();
    try (JsonGenerator gen =
        Json.MAPPER.getFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      gen.useDefaultPrettyPrinter();
      gen.writeStartObject();
      gen.writeStringField("domain", d.defaultDomain());
      gen.writeArrayFieldStart("users");
      for (User u : d.users()) {
        gen.writeStartObject();
        writeProperties(gen, u);
        if (managers.containsKey(u.id())) {
          gen.writeStringField("manager", managers.get(u.id()));
        }
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeArrayFieldStart("groups");
      for (Group g : d.groups()) {
        gen.writeStartObject();
        writeProperties(gen, g);
        gen.writeArrayFieldStart("members");
        for (String m : d.memberIds(g.id())) {
          gen.writeString(m);
        }
        gen.writeEndArray();
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    }
  }

  private static void writeProperties(JsonGenerator gen, DirectoryObject o) throws IOException {
    for (Map.Entry<String, Object> e : o.properties().entrySet()) {
      if (e.getKey().equals("deletedDateTime")) {
        continue;
      }
      gen.writeFieldName(e.getKey());
      Json.MAPPER.writeValue(gen, e.getValue());
    }
  }
}
