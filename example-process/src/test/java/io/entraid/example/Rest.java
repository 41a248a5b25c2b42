package io.entraid.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Camunda's REST API as a user (HTTP Basic; demo/demo unless told otherwise), with the few calls
 * the end-to-end tests need.
 */
final class Rest {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String base;
  private final String authorization;

  Rest(String base) {
    this(base, "demo", "demo");
  }

  private Rest(String base, String user, String password) {
    this.base = base;
    this.authorization =
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Rest as(String user, String password) {
    return new Rest(base, user, password);
  }

  int status(String path) {
    try {
      return send(HttpRequest.newBuilder(URI.create(base + path)).GET()).statusCode();
    } catch (IllegalStateException e) {
      return -1;
    }
  }

  JsonNode get(String path) {
    return body(send(HttpRequest.newBuilder(URI.create(base + path)).GET()), path);
  }

  JsonNode post(String path, Object body) {
    try {
      return body(
          send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))),
          path);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A POST that must fail: its status and body (the REST API's {"type", "message"}). */
  Failure postFailing(String path, Object body) {
    try {
      HttpResponse<String> response =
          send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
      if (response.statusCode() / 100 == 2)
        throw new AssertionError(path + " should have failed: " + response.body());
      return new Failure(
          response.statusCode(), JSON.readTree(response.body()).path("message").asText());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The status of a call with a JSON body, for calls that are expected to be refused. */
  int status(String method, String path, Object body) {
    try {
      return send(HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))))
          .statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  record Failure(int status, String message) {}

  /**
   * Starts a process as Tasklist's start form does (submit-form, typed values); returns the
   * instance id.
   */
  String submitStartForm(String processKey, Map<String, ?> variables) {
    return post(
            "/engine-rest/process-definition/key/" + processKey + "/submit-form",
            Map.of("variables", typedVariables(variables)))
        .path("id")
        .asText();
  }

  /** Completes a task as Tasklist's task form does (submit-form, typed values). */
  void submitTaskForm(JsonNode task, Map<String, ?> variables) {
    post(
        "/engine-rest/task/" + task.path("id").asText() + "/submit-form",
        Map.of("variables", typedVariables(variables)));
  }

  private static ObjectNode typedVariables(Map<String, ?> variables) {
    ObjectNode result = JSON.createObjectNode();
    variables.forEach(
        (name, value) ->
            result.set(
                name,
                JSON.createObjectNode()
                    .putPOJO("value", value)
                    .put("type", value instanceof Boolean ? "Boolean" : "String")));
    return result;
  }

  /**
   * Deploys one BPMN file the way the Modeler does (multipart POST /deployment/create); returns the
   * status.
   */
  int deploy(String resourceName, String bpmnXml) {
    String boundary = "----entraid" + System.nanoTime();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n"
            + resourceName
            + "\r\n--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\""
            + resourceName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            + bpmnXml
            + "\r\n--"
            + boundary
            + "--\r\n";
    return send(HttpRequest.newBuilder(URI.create(base + "/engine-rest/deployment/create"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body)))
        .statusCode();
  }

  /** Starts the latest version of a process with string variables; returns the instance id. */
  String start(String processKey, Map<String, String> variables) {
    return post(
            "/engine-rest/process-definition/key/" + processKey + "/start",
            Map.of("variables", variables(variables)))
        .path("id")
        .asText();
  }

  /** Waits for the one open task of an instance, at the given activity. */
  JsonNode task(String processInstanceId, String taskDefinitionKey) {
    return await(
        "task " + taskDefinitionKey + " of " + processInstanceId,
        () -> {
          JsonNode tasks =
              get(
                  "/engine-rest/task?processInstanceId="
                      + processInstanceId
                      + "&taskDefinitionKey="
                      + taskDefinitionKey);
          return tasks.size() == 1 ? tasks.get(0) : null;
        });
  }

  void complete(JsonNode task, Map<String, Object> variables) {
    post(
        "/engine-rest/task/" + task.path("id").asText() + "/complete",
        Map.of("variables", variables(variables)));
  }

  /**
   * Waits until the instance has ended (no incident may occur on the way) and returns its history.
   */
  JsonNode ended(String processInstanceId) {
    return await(
        "end of " + processInstanceId,
        () -> {
          JsonNode incidents = get("/engine-rest/incident?processInstanceId=" + processInstanceId);
          if (incidents.size() > 0)
            throw new AssertionError(
                "incident: " + incidents.get(0).path("incidentMessage").asText());
          JsonNode instance = get("/engine-rest/history/process-instance/" + processInstanceId);
          return instance.path("state").asText().equals("COMPLETED") ? instance : null;
        });
  }

  /** Whether the ended instance passed the given activity (e.g. which end event it reached). */
  boolean passed(String processInstanceId, String activityId) {
    return get("/engine-rest/history/activity-instance?processInstanceId="
                + processInstanceId
                + "&activityId="
                + activityId)
            .size()
        > 0;
  }

  /** The historic value of a variable of an instance. */
  JsonNode historicVariable(String processInstanceId, String name) {
    JsonNode found =
        get(
            "/engine-rest/history/variable-instance?processInstanceId="
                + processInstanceId
                + "&variableName="
                + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "&deserializeValues=false");
    return found.size() == 0 ? null : found.get(0).path("value");
  }

  /** The directory triggers' status on this node, from the connector's health indicator. */
  JsonNode triggers() {
    return get("/actuator/health")
        .path("components")
        .path("entraid")
        .path("details")
        .path("triggers");
  }

  /**
   * Waits until every directory trigger has polled after {@code since}: a change made before it has
   * been seen on its own, not summed with the next one.
   */
  void awaitTriggerPolls(Instant since) {
    await(
        "a poll of every trigger after " + since,
        () -> {
          for (JsonNode t : triggers()) {
            String last = t.path("lastPoll").asText();
            if (last.equals("null") || !Instant.parse(last).isAfter(since)) return null;
          }
          return true;
        });
  }

  static <T> T await(String what, Supplier<T> probe) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      T value = probe.get();
      if (value != null) return value;
      ExampleApp.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static ObjectNode variables(Map<String, ?> variables) {
    ObjectNode result = JSON.createObjectNode();
    variables.forEach(
        (name, value) -> result.set(name, JSON.createObjectNode().putPOJO("value", value)));
    return result;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    if (authorization != null) request.header("Authorization", authorization);
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode body(HttpResponse<String> response, String path) {
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError(
          path + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
