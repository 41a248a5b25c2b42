package io.entraid.connector.core.graph;

/** OData pieces built from untrusted values. */
public final class OData {
  private OData() {}

  /**
   * A string literal: quoted, with single quotes doubled, so o'brien@contoso.com stays one literal.
   */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
