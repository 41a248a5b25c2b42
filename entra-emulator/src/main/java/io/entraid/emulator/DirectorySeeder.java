package io.entraid.emulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generates a realistic directory from a seed: the same seed gives the same users, groups, ids and
 * memberships. Users get names, departments, job titles, offices and managers (department heads
 * report to the first user, the "CEO"; everybody else to their department head). Groups, in this
 * order: "Approvers" (department heads and every 50th user), one group per department, "All
 * Employees" (nesting the department groups), "Managers", then project groups (every third a
 * Microsoft 365 group; some security project groups nest another project group).
 */
final class DirectorySeeder {
  private static final String[] FIRST = {
    "Adele",
    "Alex",
    "Allan",
    "Amara",
    "Bianca",
    "Brian",
    "Carla",
    "Chen",
    "Christie",
    "Daniel",
    "Debra",
    "Diego",
    "Elena",
    "Emily",
    "Enrico",
    "Fatima",
    "Grady",
    "Hana",
    "Henrietta",
    "Ibrahim",
    "Irvin",
    "Isaiah",
    "Jana",
    "Johanna",
    "Joni",
    "Kenji",
    "Lara",
    "Lee",
    "Lidia",
    "Lynne",
    "Maria",
    "Megan",
    "Miriam",
    "Nestor",
    "Nina",
    "Olga",
    "Omar",
    "Patti",
    "Pradeep",
    "Priya",
    "Rafael",
    "Sakura",
    "Samuel",
    "Sofia",
    "Tomas",
    "Ulla",
    "Vikram",
    "Wen",
    "Yusuf",
    "Zoe"
  };
  private static final String[] LAST = {
    "Adams",
    "Archer",
    "Bauer",
    "Bowen",
    "Braun",
    "Castro",
    "Cole",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Gupta",
    "Hansen",
    "Holt",
    "Ito",
    "Jansen",
    "Johnson",
    "Kim",
    "Kowalski",
    "Larsen",
    "Lopez",
    "Martin",
    "Meyer",
    "Miller",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Olsen",
    "Patel",
    "Perez",
    "Quinn",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Smith",
    "Sokolov",
    "Tanaka",
    "Taylor",
    "Thompson",
    "Vance",
    "Varga",
    "Wagner",
    "Walker",
    "Weber",
    "Wilber",
    "Young",
    "Zhang"
  };
  private static final String[] DEPARTMENTS = {
    "Sales",
    "Marketing",
    "Engineering",
    "Finance",
    "Human Resources",
    "Legal",
    "Operations",
    "Customer Support",
    "IT",
    "Procurement"
  };
  private static final String[] TITLES = {
    "Specialist",
    "Analyst",
    "Associate",
    "Senior Specialist",
    "Consultant",
    "Coordinator",
    "Team Lead"
  };
  private static final String[] OFFICES = {
    "Seattle 18/2111",
    "Redmond 31/1104",
    "Berlin 4/212",
    "Paris 2/310",
    "London 7/105",
    "Bangalore 3/220",
    "Tokyo 12/1201",
    "Remote"
  };
  private static final String[] LANGUAGES = {
    "en-US", "en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "ja-JP"
  };
  private static final String[] PROJECTS = {
    "Phoenix",
    "Atlas",
    "Borealis",
    "Cascade",
    "Delta",
    "Everest",
    "Falcon",
    "Gemini",
    "Horizon",
    "Ion",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orion",
    "Polaris",
    "Quasar",
    "Redwood",
    "Sierra",
    "Titan",
    "Umbra",
    "Vega",
    "Willow",
    "Zephyr"
  };
  private static final Instant BASE = Instant.parse("2020-01-06T08:00:00Z");

  private final Directory dir;
  private final Random random;
  private final String domain;

  DirectorySeeder(Directory dir, long seed, String domain) {
    this.dir = dir;
    this.random = new Random(seed * 31 + 17);
    this.domain = domain.toLowerCase(Locale.ROOT);
  }

  void seed(int userCount, int groupCount) {
    List<User> users = new ArrayList<>(userCount);
    Map<String, Integer> nameCounts = new HashMap<>();
    Map<String, List<String>> byDepartment = new LinkedHashMap<>();
    Map<String, String> heads = new LinkedHashMap<>();
    for (int i = 0; i < userCount; i++) {
      String first = FIRST[random.nextInt(FIRST.length)];
      String last = LAST[random.nextInt(LAST.length)];
      String base = (first + "." + last).toLowerCase(Locale.ROOT);
      int n = nameCounts.merge(base, 1, Integer::sum);
      String nick = n == 1 ? base : base + n;
      String dept = DEPARTMENTS[i % DEPARTMENTS.length];
      boolean head = !heads.containsKey(dept) && i > 0;
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("userPrincipalName", nick + "@" + domain);
      p.put("mail", nick + "@" + domain);
      p.put("mailNickname", nick);
      p.put("displayName", first + " " + last);
      p.put("givenName", first);
      p.put("surname", last);
      p.put("accountEnabled", i % 97 != 96);
      p.put("department", dept);
      p.put(
          "jobTitle",
          i == 0
              ? "Chief Executive Officer"
              : head ? "Head of " + dept : dept + " " + TITLES[random.nextInt(TITLES.length)]);
      p.put("officeLocation", OFFICES[random.nextInt(OFFICES.length)]);
      p.put("preferredLanguage", LANGUAGES[random.nextInt(LANGUAGES.length)]);
      p.put("businessPhones", List.of(String.format("+1 425 555 %04d", i % 10000)));
      if (i % 2 == 0) {
        p.put("mobilePhone", String.format("+1 206 555 %04d", random.nextInt(10000)));
      }
      p.put("employeeId", String.format("%06d", i + 1));
      p.put("usageLocation", "US");
      p.put("createdDateTime", BASE.plus(37L * i, ChronoUnit.MINUTES).toString());
      User u = dir.createUser(p);
      users.add(u);
      byDepartment.computeIfAbsent(dept, k -> new ArrayList<>()).add(u.id());
      if (head) {
        heads.put(dept, u.id());
      }
    }
    for (int i = 1; i < users.size(); i++) {
      User u = users.get(i);
      String head = heads.get(u.department());
      dir.setManager(u.id(), head == null || head.equals(u.id()) ? users.get(0).id() : head);
    }
    seedGroups(groupCount, users, byDepartment, heads);
  }

  private void seedGroups(
      int count,
      List<User> users,
      Map<String, List<String>> byDepartment,
      Map<String, String> heads) {
    List<Runnable> plan = new ArrayList<>();
    List<String> departmentGroups = new ArrayList<>();
    plan.add(
        () -> {
          Group g = security("Approvers", "People who approve requests in workflows");
          List<String> m = new ArrayList<>(heads.values());
          for (int i = 49; i < users.size(); i += 50) {
            if (!m.contains(users.get(i).id())) {
              m.add(users.get(i).id());
            }
          }
          addAll(g, m);
        });
    for (String dept : DEPARTMENTS) {
      plan.add(
          () -> {
            Group g = security(dept, "All members of the " + dept + " department");
            departmentGroups.add(g.id());
            addAll(g, byDepartment.getOrDefault(dept, List.of()));
          });
    }
    plan.add(
        () ->
            addAll(
                security("All Employees", "Everyone, through the department groups"),
                departmentGroups));
    plan.add(
        () -> addAll(security("Managers", "Department heads"), new ArrayList<>(heads.values())));
    List<String> securityProjects = new ArrayList<>();
    for (int i = 0; plan.size() < count; i++) {
      int k = i;
      plan.add(
          () -> {
            String name =
                "Project "
                    + PROJECTS[k % PROJECTS.length]
                    + (k >= PROJECTS.length ? " " + (k / PROJECTS.length + 1) : "");
            boolean unified = k % 3 == 2;
            Group g = unified ? unified(name) : security(name, "Project team " + name);
            List<String> m = new ArrayList<>();
            int size = users.isEmpty() ? 0 : Math.min(users.size(), 3 + random.nextInt(40));
            while (m.size() < size) {
              String id = users.get(random.nextInt(users.size())).id();
              if (!m.contains(id)) {
                m.add(id);
              }
            }
            if (!unified && !securityProjects.isEmpty() && k % 4 == 0) {
              m.add(securityProjects.get(random.nextInt(securityProjects.size()))); // nested group
            }
            addAll(g, m);
            if (!unified) {
              securityProjects.add(g.id());
            }
          });
    }
    plan.stream().limit(count).forEach(Runnable::run);
  }

  private Group security(String name, String description) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("displayName", name);
    p.put("description", description);
    p.put("mailEnabled", false);
    p.put("securityEnabled", true);
    p.put(
        "mailNickname",
        name.replaceAll("[^A-Za-z0-9]", "")); // nicknames keep their case, as in Entra ID
    p.put("createdDateTime", BASE.minus(30, ChronoUnit.DAYS).toString());
    return dir.createGroup(p);
  }

  private Group unified(String name) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("displayName", name);
    p.put("description", "Microsoft 365 group for " + name);
    p.put("mailEnabled", true);
    p.put("securityEnabled", false);
    p.put("groupTypes", List.of("Unified"));
    p.put("visibility", "Private");
    p.put(
        "mailNickname",
        name.replaceAll("[^A-Za-z0-9]", "")); // nicknames keep their case, as in Entra ID
    p.put("createdDateTime", BASE.minus(10, ChronoUnit.DAYS).toString());
    return dir.createGroup(p);
  }

  private void addAll(Group g, List<String> memberIds) {
    if (!memberIds.isEmpty()) {
      dir.addMembers(g.id(), memberIds);
    }
  }
}
