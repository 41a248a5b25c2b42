package io.entraid.connector.camunda.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's table of the connections REST API lists exactly the calls the resource serves. */
class ConnectionsApiReadmeTest {
  private static final Map<Class<? extends Annotation>, String> METHODS =
      Map.of(GET.class, "GET", POST.class, "POST", PATCH.class, "PATCH", DELETE.class, "DELETE");

  @Test
  void readmeTableMatchesTheResource() throws Exception {
    String base = "/engine-rest" + ConnectionsResource.class.getAnnotation(Path.class).value();
    TreeSet<String> served = new TreeSet<>();
    for (Method m : ConnectionsResource.class.getDeclaredMethods()) {
      Path path = m.getAnnotation(Path.class);
      if (path == null) continue;
      METHODS.forEach(
          (annotation, verb) -> {
            if (m.isAnnotationPresent(annotation)) served.add(verb + " " + base + path.value());
          });
    }
    String readme = Files.readString(java.nio.file.Path.of("../README.md"));
    Matcher row =
        Pattern.compile("(?m)^\\| `((?:GET|POST|PATCH|DELETE) /engine-rest/entraid[^`]*)` \\|")
            .matcher(readme);
    TreeSet<String> documented = new TreeSet<>();
    while (row.find()) documented.add(row.group(1));
    assertThat(served).hasSize(11);
    assertThat(documented).isEqualTo(served);
  }
}
