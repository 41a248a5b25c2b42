package io.entraid.example;

import java.util.List;
import java.util.Map;

/**
 * One packaged app in demo mode for all demo-mode end-to-end suites: it takes seconds to start, and
 * the suites use users of their own, so they share it. It stops with the test JVM.
 */
final class DemoApp {
  private static ExampleApp app;

  private DemoApp() {}

  static synchronized ExampleApp shared() {
    if (app == null) {
      app = ExampleApp.start("demo-mode", Map.of(), List.of(), List.of());
      Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    }
    return app;
  }
}
