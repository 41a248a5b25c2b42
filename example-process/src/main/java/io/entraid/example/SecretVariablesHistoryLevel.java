package io.entraid.example;

import java.util.Set;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.runtime.VariableInstance;

/**
 * History level {@code full}, except that the named variables never reach history: no
 * ACT_HI_VARINST row, no ACT_HI_DETAIL update, for their creation, updates or removal. A process
 * can then hold a credential (the onboarding's temporary password) for exactly as long as it runs,
 * and removing the variable removes it from the database for good.
 */
public final class SecretVariablesHistoryLevel implements HistoryLevel {
  public static final String NAME = "full-without-secrets";
  private final Set<String> secretVariables;

  public SecretVariablesHistoryLevel(Set<String> secretVariables) {
    this.secretVariables = Set.copyOf(secretVariables);
  }

  @Override
  public int getId() {
    return 31;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
    if (entity instanceof VariableInstance variable && secretVariables.contains(variable.getName())) return false;
    return HistoryLevel.HISTORY_LEVEL_FULL.isHistoryEventProduced(eventType, entity);
  }
}
