package io.entraid.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.camunda.spin.json.SpinJsonNode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** REST authentication, the candidate groups' authorizations and the history level that keeps credentials out of history. */
@Configuration(proxyBeanMethods = false)
class ExampleConfiguration {

  /** HTTP Basic against Camunda's users on the REST API (and the demo directory view); no anonymous access. */
  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("camunda-rest-authentication");
    registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*", "/demo/*");
    return registration;
  }

  /** Registers {@value SecretVariablesHistoryLevel#NAME}, selected by {@code camunda.bpm.history-level}. */
  @Bean
  ProcessEnginePlugin secretVariablesHistory(@Value("${example.secret-variables:temporaryPassword}") Set<String> names) {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomHistoryLevels() == null) configuration.setCustomHistoryLevels(new ArrayList<>());
        configuration.getCustomHistoryLevels().add(new SecretVariablesHistoryLevel(names));
      }
    };
  }

  /** What the candidate groups of the example processes may do; see {@link ExampleAuthorizations}. */
  @Bean
  ProcessEnginePlugin exampleAuthorizations() {
    return new ExampleAuthorizations();
  }

  /** Settings the processes read in expressions: {@code ${exampleProcesses.offboardingRetention}}. */
  @Bean
  ExampleProcesses exampleProcesses(@Value("${example.offboarding.retention:P30D}") String offboardingRetention,
      @Value("${example.sync.cron:0 0 2 * * ?}") String syncCron) {
    return new ExampleProcesses(offboardingRetention, syncCron);
  }

  public record ExampleProcesses(String offboardingRetention, String syncCron) {
    /** A process variable holding a list as a List, a JSON array or comma-separated text, as a list of strings. */
    public List<String> list(Object value) {
      List<String> result = new ArrayList<>();
      if (value instanceof SpinJsonNode json && json.isArray()) {
        json.elements().forEach(e -> result.add(e.isString() ? e.stringValue() : e.toString()));
      } else if (value instanceof Iterable<?> items) {
        items.forEach(item -> result.add(String.valueOf(item)));
      } else if (value != null) {
        result.addAll(List.of(value.toString().split(",")));
      }
      return result.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
  }
}
