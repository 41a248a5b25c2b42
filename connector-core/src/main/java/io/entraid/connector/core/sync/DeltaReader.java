package io.entraid.connector.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entraid.connector.core.graph.GraphClient;
import io.entraid.connector.core.graph.GraphException;
import io.entraid.connector.core.graph.GraphPath;
import io.entraid.connector.core.graph.GraphRequest;
import io.entraid.connector.core.graph.Page;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a Graph delta query of users or groups page by page: from the start (which lists every
 * object and ends with a delta link) or from a stored link (a delta link, which lists the changes
 * since, or a nextLink a caller kept as its resume point).
 *
 * <p>Usage: {@code String deltaLink = DeltaReader.users(graph, select, op).read(storedLink, page ->
 * ...)}. The handler gets each page as it arrives, so a caller writes page by page and can store
 * its position with the page's writes: {@link DeltaPage#nextLink()} while more follow (where a
 * crashed full read resumes), the returned delta link once the last page is written (where the next
 * read starts). When Graph no longer knows a stored link's token, {@link #read} throws a {@link
 * GraphException} for which {@link #isExpiredDeltaToken} is true; the caller then reads again from
 * the start ({@code read(null, ...)}), after undoing what it kept of the failed read.
 *
 * <p>Graph's details stay here: the largest pages Graph allows ({@code Prefer:
 * odata.maxpagesize=999}; delta takes no {@code $top}), nextLinks followed verbatim and only on
 * this connection's Graph, and a group's {@code members@delta}, which Graph splits over several
 * pages for a large group (delta-query-groups.md, "Paging through members in a large group"),
 * reduced to lean {@link Member}s; callers merge a group's parts with {@link GroupChanges}. No
 * {@code ConsistencyLevel} header is sent (the sync's delta reads never sent one).
 *
 * <p>A reader is immutable: each {@link #read} is independent, and the handler runs on the calling
 * thread.
 */
public final class DeltaReader {
  /**
   * Delta queries take no {@code $top}; this asks for the largest pages (Graph may cap lower), so a
   * full run of 10,000 users is 11 requests rather than 100 at the default page size.
   */
  private static final String LARGEST_PAGES = "odata.maxpagesize=999";

  private final GraphClient graph;
  private final GraphRequest template;
  private final String resource;
  private final boolean prefetch;

  private DeltaReader(GraphClient graph, GraphRequest template, String resource, boolean prefetch) {
    this.graph = graph;
    this.template = template;
    this.resource = resource;
    this.prefetch = prefetch;
  }

  /**
   * The users delta.
   *
   * @param select the {@code $select} of user properties (id is always returned)
   * @param operation the operation its requests count for (logs, metrics)
   */
  public static DeltaReader users(GraphClient graph, String select, String operation) {
    return new DeltaReader(graph, template("users", select, operation), "users", false);
  }

  /**
   * The groups delta.
   *
   * @param select the {@code $select} of group properties, without {@code members}
   * @param members whether to ask for {@code members}: each changed group then carries its added
   *     and removed members ({@link Change#membersAdded()}, {@link Change#membersRemoved()})
   */
  public static DeltaReader groups(
      GraphClient graph, String select, boolean members, String operation) {
    return new DeltaReader(
        graph,
        template("groups", members ? select + ",members" : select, operation),
        "groups",
        false);
  }

  private static GraphRequest template(String resource, String select, String operation) {
    return GraphRequest.get(GraphPath.of(resource, "delta"))
        .withQuery("$select", select)
        .withHeader("Prefer", LARGEST_PAGES)
        .forOperation(operation);
  }

  /**
   * This reader, fetching the next page while the handler works on the current one (one fetch
   * ahead, pages still handed over in order), so the wait for Graph overlaps the caller's writes.
   */
  public DeltaReader prefetching() {
    return new DeltaReader(graph, template, resource, true);
  }

  /** Handles one page of a delta read. */
  @FunctionalInterface
  public interface PageHandler {
    void onPage(DeltaPage page);
  }

  /**
   * One page of changes.
   *
   * @param nextLink the link of the next page, or null on the last page; stored, it lets a read
   *     resume after this page
   * @param deltaLink the link for the next read, only on the last page
   */
  public record DeltaPage(List<Change> changes, String nextLink, String deltaLink) {
    public DeltaPage {
      changes = List.copyOf(changes);
    }

    public boolean last() {
      return nextLink == null;
    }

    /** The changed objects as Graph sent them (without {@code members@delta}). */
    public List<JsonNode> items() {
      return changes.stream().map(Change::item).toList();
    }
  }

  /**
   * One object in a delta page.
   *
   * @param item the object as Graph sent it, without {@code members@delta}; in a delta read only
   *     changed properties may be present
   * @param removed whether Graph reports the object removed ({@code @removed}: deleted, soft or for
   *     good)
   * @param membersAdded groups: members added in this part (all members in a read from the start)
   * @param membersRemoved groups: members removed in this part
   */
  public record Change(
      String objectId,
      JsonNode item,
      boolean removed,
      Set<Member> membersAdded,
      Set<Member> membersRemoved) {}

  /**
   * Reads every page from {@code link} (or from the start when null), handing each to {@code
   * handler} before the next one is handed over.
   *
   * @return the delta link for the next read
   * @throws GraphException when Graph fails beyond the client's retries; see {@link
   *     #isExpiredDeltaToken}
   * @throws IllegalStateException when the last page carries no delta link
   */
  public String read(String link, PageHandler handler) {
    GraphRequest first = link == null ? template : graph.followLink(template, link);
    Iterator<Page<JsonNode>> source = graph.pages(first, JsonNode.class);
    Iterator<Page<JsonNode>> pages = prefetch ? new Prefetching<>(source) : source;
    try {
      while (true) {
        Page<JsonNode> page = pages.next();
        handler.onPage(new DeltaPage(changes(page.items()), page.nextLink(), page.deltaLink()));
        if (page.nextLink() == null) {
          if (page.deltaLink() == null)
            throw new IllegalStateException(
                "Graph's " + resource + " delta ended without a deltaLink");
          return page.deltaLink();
        }
      }
    } finally {
      if (pages instanceof Prefetching<?> ahead) ahead.close(); // stops a fetch still ahead
    }
  }

  private static List<Change> changes(List<JsonNode> items) {
    List<Change> changes = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      String objectId = item.path("id").asText();
      if (item.has("@removed")) {
        changes.add(new Change(objectId, item, true, Set.of(), Set.of()));
        continue;
      }
      Set<Member> added = new HashSet<>();
      Set<Member> removed = new HashSet<>();
      for (JsonNode m : item.path("members@delta"))
        (m.has("@removed") ? removed : added).add(Member.of(m));
      // kept in the lean form above; as JSON it doubled a groups round's heap
      if (item instanceof ObjectNode object) object.remove("members@delta");
      changes.add(new Change(objectId, item, false, added, removed));
    }
    return changes;
  }

  /**
   * Whether Graph refused a stored delta link because it no longer knows its token: 400 {@code
   * syncStateNotFound} (directory objects; also {@code resyncRequired}, {@code
   * Directory_ExpiredPageToken}) or 410 (delta-query-overview.md, "Synchronization reset"). Read
   * again from the start.
   */
  public static boolean isExpiredDeltaToken(GraphException e) {
    return e.status() == 410
        || e.status() == 400
            && e.code() != null
            && (e.code().equalsIgnoreCase("syncStateNotFound")
                || e.code().equalsIgnoreCase("resyncRequired")
                || e.code().equalsIgnoreCase("Directory_ExpiredPageToken"));
  }
}
