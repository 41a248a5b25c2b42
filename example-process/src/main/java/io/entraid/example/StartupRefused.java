package io.entraid.example;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * The example app refuses to start as configured; reported as one APPLICATION FAILED TO START
 * block.
 */
public final class StartupRefused extends RuntimeException {
  private final String action;

  StartupRefused(String description, String action) {
    super(description);
    this.action = action;
  }

  /** Registered in META-INF/spring.factories. */
  public static final class Analyzer extends AbstractFailureAnalyzer<StartupRefused> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StartupRefused cause) {
      return new FailureAnalysis(cause.getMessage(), cause.action, cause);
    }
  }
}
