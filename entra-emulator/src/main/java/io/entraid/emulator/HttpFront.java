package io.entraid.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.entraid.emulator.http.ApiRequest;
import io.entraid.emulator.http.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

/**
 * Adapts the JDK HTTPS server to the pipeline: reads the exchange, applies latency, writes the
 * response.
 */
final class HttpFront implements HttpHandler {
  private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());

  private final Router router;
  private final Faults faults;

  HttpFront(Router router, Faults faults) {
    this.router = router;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      // closing the exchange before any response headers closes the connection: no answer at all
      if (faults.unreachable()) return;
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
        if (!e.getValue().isEmpty()) {
          headers.put(e.getKey(), e.getValue().get(0));
        }
      }
      ApiRequest req =
          new ApiRequest(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              headers,
              body,
              false);
      int latency = faults.latencyMs();
      if (latency > 0) {
        Thread.sleep(latency);
      }
      ApiResponse resp;
      try {
        resp = router.handle(req);
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.ERROR,
            "Unhandled error for " + req.method() + " " + req.rawPath(),
            e);
        resp = ApiResponse.text(500, "Emulator error: " + e);
      }
      if (resp.holdUntil() != null) {
        try {
          resp.holdUntil().get(); // the "hang" fault: no answer until the emulator closes
        } catch (ExecutionException ignored) {
          // released
        }
        return;
      }
      resp.header("request-id", req.requestId());
      resp.header("client-request-id", req.clientRequestId());
      resp.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      byte[] out = resp.body();
      boolean noBody = out.length == 0 || req.method().equals("HEAD");
      // Length -1 means "no body"; 0 would mean chunked in the JDK server.
      exchange.sendResponseHeaders(resp.status(), noBody ? -1 : out.length);
      if (!noBody) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "Client went away: " + e);
    }
  }
}
