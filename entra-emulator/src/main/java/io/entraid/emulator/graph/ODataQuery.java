package io.entraid.emulator.graph;

import io.entraid.emulator.DirectoryObject;
import io.entraid.emulator.Schema;
import io.entraid.emulator.http.ApiRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Query options of one listing request, parsed and checked against Graph's rules for directory
 * objects (concepts/aad-advanced-queries.md, user-list.md, group-list-members.md): $select, $top
 * (1..999, default 100), $count, $filter, $search, $orderby, $skiptoken, and which of them need
 * {@code ConsistencyLevel: eventual}.
 */
public final class ODataQuery {
  public static final int DEFAULT_PAGE = 100;

  /**
   * known-issues.md (issue 13635): a page of directory objects with $expand holds at most 100
   * objects.
   */
  static final int MAX_PAGE_WITH_EXPAND = 100;

  /**
   * User properties Graph returns only for a single user (user.md "Only returned on $select for a
   * single user").
   */
  private static final java.util.Set<String> SINGLE_USER_ONLY =
      java.util.Set.of(
          "aboutme",
          "birthday",
          "hiredate",
          "interests",
          "mysite",
          "pastprojects",
          "preferredname",
          "responsibilities",
          "schools",
          "skills",
          "mailboxsettings");

  final Schema schema;
  final List<Schema.Property> select;
  final int top;
  final boolean count;
  final Predicate<DirectoryObject> filter;
  final Predicate<DirectoryObject> search;
  final Schema.Property orderBy;
  final boolean descending;
  final Cursor cursor;
  final boolean eventual;

  /** The navigation property to expand on each item, or null. */
  final String expand;

  private ODataQuery(
      Schema schema,
      List<Schema.Property> select,
      int top,
      boolean count,
      Predicate<DirectoryObject> filter,
      Predicate<DirectoryObject> search,
      Schema.Property orderBy,
      boolean descending,
      Cursor cursor,
      boolean eventual,
      String expand) {
    this.schema = schema;
    this.select = select;
    this.top = top;
    this.count = count;
    this.filter = filter;
    this.search = search;
    this.orderBy = orderBy;
    this.descending = descending;
    this.cursor = cursor;
    this.eventual = eventual;
    this.expand = expand;
  }

  public static boolean eventual(ApiRequest req) {
    String c = req.header("ConsistencyLevel");
    return c != null && c.trim().equalsIgnoreCase("eventual");
  }

  /**
   * @param relationship true for members/transitiveMembers/memberOf/transitiveMemberOf, where
   *     $filter, $search and $orderby are advanced queries only (group-list-members.md)
   */
  public static ODataQuery parse(ApiRequest req, Schema schema, boolean relationship) {
    return parse(req, schema, relationship, null);
  }

  /**
   * @param expandable the one navigation property this collection can {@code $expand} (manager of
   *     users, members of groups), or null where the emulator expands nothing
   */
  public static ODataQuery parse(
      ApiRequest req, Schema schema, boolean relationship, String expandable) {
    Map<String, String> q = req.query();
    boolean eventual = eventual(req);
    String expand = null;
    for (String name : q.keySet()) {
      if (name.equalsIgnoreCase("$expand") && expandable != null) {
        expand = q.get(name).trim();
        if (!expand.equalsIgnoreCase(expandable)) {
          throw new GraphError(
              400,
              "BadRequest",
              "Could not find a property named '"
                  + expand
                  + "' on type '"
                  + schema.typeName()
                  + "' to expand; the emulator expands only "
                  + expandable
                  + ".");
        }
        if (eventual) {
          // aad-advanced-queries.md: $expand is not supported with advanced queries.
          throw GraphError.unsupportedQuery();
        }
        expand = expandable;
        continue;
      }
      if (name.startsWith("$")
          && !List.of(
                  "$select",
                  "$top",
                  "$count",
                  "$filter",
                  "$search",
                  "$orderby",
                  "$skiptoken",
                  "$deltatoken")
              .contains(name.toLowerCase(Locale.ROOT))) {
        if (name.equalsIgnoreCase("$expand")) {
          throw new GraphError(
              400, "BadRequest", "$expand is not supported by the Entra emulator.");
        }
        if (name.equalsIgnoreCase("$skip")) {
          throw new GraphError(
              400, "Request_BadRequest", "'$skip' is not supported by the service.");
        }
        throw new GraphError(400, "BadRequest", "Query option '" + name + "' is not allowed.");
      }
    }
    if (schema == Schema.USER && q.containsKey("$select")) {
      for (String name : q.get("$select").split(",")) {
        if (SINGLE_USER_ONLY.contains(name.trim().toLowerCase(Locale.ROOT))) {
          // user.md: these are "only returned on $select" of a single user; a list answers 501.
          throw new GraphError(
              501, "NotImplemented", "This operation target is not yet supported.");
        }
      }
    }
    List<Schema.Property> select = parseSelect(q.get("$select"), schema);
    int top = parseTop(q.get("$top"));
    if (expand != null) {
      top = Math.min(top, MAX_PAGE_WITH_EXPAND);
    }
    boolean count = false;
    if (q.containsKey("$count")) {
      String c = q.get("$count").toLowerCase(Locale.ROOT);
      if (!c.equals("true") && !c.equals("false")) {
        throw new GraphError(
            400, "BadRequest", "Invalid value for $count query option: '" + q.get("$count") + "'.");
      }
      // aad-advanced-queries.md "Error handling": without ConsistencyLevel: eventual, $count=true
      // is silently
      // ignored (no @odata.count), unlike the /$count segment, which is an error.
      count = c.equals("true") && eventual;
    }
    Predicate<DirectoryObject> filter = null;
    if (q.containsKey("$filter")) {
      Filter f = Filter.parse(q.get("$filter"), schema);
      if ((f.advanced() || relationship) && !(eventual && count)) {
        throw GraphError.unsupportedQuery();
      }
      filter = f.predicate();
    }
    Predicate<DirectoryObject> search = null;
    if (q.containsKey("$search")) {
      if (!eventual) {
        throw new GraphError(
            400,
            "Request_UnsupportedQuery",
            "Request with $search query parameter only works"
                + " through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
      }
      search = Search.parse(q.get("$search"), schema);
    }
    Schema.Property orderBy = null;
    boolean descending = false;
    if (q.containsKey("$orderby")) {
      String[] parts = q.get("$orderby").trim().split("\\s+");
      orderBy = schema.property(parts[0]);
      if (orderBy == null || parts.length > 2) {
        throw new GraphError(
            400,
            "BadRequest",
            "Could not find a property named '"
                + parts[0]
                + "' on type '"
                + schema.typeName()
                + "'.");
      }
      descending = parts.length == 2 && parts[1].equalsIgnoreCase("desc");
      boolean basicSortable =
          !relationship
              && filter == null
              && search == null
              && List.of("displayName", "userPrincipalName").contains(orderBy.name());
      if (!basicSortable && !(eventual && count)) {
        throw new GraphError(
            400, "Request_UnsupportedQuery", "Sorting not supported for current query.");
      }
    }
    Cursor cursor = q.containsKey("$skiptoken") ? Cursor.decode(q.get("$skiptoken")) : null;
    return new ODataQuery(
        schema, select, top, count, filter, search, orderBy, descending, cursor, eventual, expand);
  }

  static GraphError countUnsupported() {
    return new GraphError(400, "Request_BadRequest", "$count is not currently supported.");
  }

  static List<Schema.Property> parseSelect(String raw, Schema schema) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    List<Schema.Property> out = new ArrayList<>();
    for (String name : raw.split(",")) {
      String n = name.trim();
      if (n.isEmpty()) {
        continue;
      }
      Schema.Property p = schema.property(n);
      if (p == null) {
        throw new GraphError(
            400,
            "BadRequest",
            "Could not find a property named '" + n + "' on type '" + schema.typeName() + "'.");
      }
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  static int parseTop(String raw) {
    if (raw == null) {
      return DEFAULT_PAGE;
    }
    int top;
    try {
      top = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new GraphError(
          400, "BadRequest", "Invalid value '" + raw + "' for $top query option found.");
    }
    if (top < 1 || top > 999) {
      // Observed Graph text (Learn Q&A 1129204).
      throw new GraphError(
          400,
          "Request_BadRequest",
          "Invalid page size specified: '" + top + "'. Must be between 1 and 999 inclusive.");
    }
    return top;
  }

  Predicate<DirectoryObject> matcher() {
    Predicate<DirectoryObject> p = o -> true;
    if (filter != null) {
      p = p.and(filter);
    }
    if (search != null) {
      p = p.and(search);
    }
    return p;
  }

  /** Sort order for $orderby: the property (nulls last, case-insensitive), then id. */
  Comparator<DirectoryObject> comparator() {
    Comparator<DirectoryObject> byValue =
        Comparator.comparing(o -> sortKey(o), Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER));
    if (descending) {
      byValue =
          Comparator.comparing(
              (DirectoryObject o) -> sortKey(o),
              Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER.reversed()));
    }
    return byValue.thenComparing(DirectoryObject::id);
  }

  String sortKey(DirectoryObject o) {
    Object v = o.get(orderBy.name());
    return v == null ? null : v.toString();
  }
}
