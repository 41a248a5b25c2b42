package io.entraid.emulator.graph;

import io.entraid.emulator.Schema;
import java.util.Set;

/**
 * Which $filter operator on which user property works only as an advanced query (ConsistencyLevel:
 * eventual and $count=true), from the table in includes/filter-directory-objects.md (shown in
 * concepts/aad-advanced-queries.md). ne, not and endsWith are advanced everywhere ({@link Filter});
 * comparing with null is advanced for every property. Group properties follow the general rules
 * only (the page has no per-property table for groups).
 */
final class AdvancedQueryRules {
  /** User properties whose every $filter operator is advanced. */
  private static final Set<String> ADVANCED_ONLY =
      Set.of(
          "companyName",
          "employeeHireDate",
          "employeeType",
          "mobilePhone",
          "officeLocation",
          "onPremisesExtensionAttributes",
          "onPremisesImmutableId",
          "onPremisesLastSyncDateTime",
          "onPremisesSamAccountName",
          "passwordPolicies",
          "postalCode",
          "preferredLanguage",
          "showInAddressList",
          "streetAddress");

  /** User properties whose in operator is advanced (eq is not). */
  private static final Set<String> IN_ADVANCED = Set.of("createdDateTime", "deletedDateTime");

  /** User properties whose range operators (ge, le, gt, lt) are advanced. */
  private static final Set<String> RANGE_ADVANCED =
      Set.of("accountEnabled", "onPremisesSyncEnabled", "employeeId");

  private AdvancedQueryRules() {}

  /**
   * @param operator eq, ne, ge, le, gt, lt, in, startswith or endswith (lower case)
   * @param withNull whether the compared literal is null
   */
  static boolean advanced(Schema schema, String property, String operator, boolean withNull) {
    if (withNull || operator.equals("ne") || operator.equals("endswith")) {
      return true;
    }
    if (schema != Schema.USER) {
      return false;
    }
    return ADVANCED_ONLY.contains(property)
        || (operator.equals("in") && IN_ADVANCED.contains(property))
        || (Set.of("ge", "le", "gt", "lt").contains(operator) && RANGE_ADVANCED.contains(property));
  }
}
