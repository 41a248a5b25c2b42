package io.entraid.connector.core.token;

/**
 * A credential file that cannot be used: what is wrong with it and how to fix it. The message never
 * contains the file's content.
 */
public final class CredentialFileException extends Exception {
  private final String problem;
  private final String fix;

  public CredentialFileException(String problem, String fix) {
    super(problem + " Fix: " + fix);
    this.problem = problem;
    this.fix = fix;
  }

  public String problem() {
    return problem;
  }

  public String fix() {
    return fix;
  }
}
