package io.entraid.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedingTest {

  @Test
  void sameSeedGivesIdenticalDirectoryAndIds() {
    try (EntraEmulator a = EntraEmulator.builder().users(100).groups(20).seed(42L).start();
        EntraEmulator b = EntraEmulator.builder().users(100).groups(20).seed(42L).start();
        EntraEmulator c = EntraEmulator.builder().users(100).groups(20).seed(43L).start()) {
      assertThat(a.tenantId()).isEqualTo(b.tenantId()).isNotEqualTo(c.tenantId());
      assertThat(a.clientId()).isEqualTo(b.clientId());
      assertThat(a.clientSecret()).isNotEqualTo(b.clientSecret()); // secrets are never predictable
      assertThat(a.directory().users().stream().map(User::properties).toList())
          .isEqualTo(b.directory().users().stream().map(User::properties).toList());
      assertThat(a.directory().groups().stream().map(Group::properties).toList())
          .isEqualTo(b.directory().groups().stream().map(Group::properties).toList());
      for (Group g : a.directory().groups()) {
        assertThat(a.directory().memberIds(g.id())).isEqualTo(b.directory().memberIds(g.id()));
      }
      assertThat(a.directory().users().get(0).id()).isNotEqualTo(c.directory().users().get(0).id());
    }
  }

  @Test
  void seededDirectoryIsRealistic() {
    try (EntraEmulator emu = EntraEmulator.builder().users(100).groups(20).seed(1L).start()) {
      Directory d = emu.directory();
      assertThat(d.userCount()).isEqualTo(100);
      assertThat(d.groupCount()).isEqualTo(20);
      List<User> users = d.users();
      assertThat(users).allMatch(u -> u.userPrincipalName().endsWith("@" + emu.tenantDomain()));
      assertThat(users.stream().map(User::userPrincipalName).collect(Collectors.toSet()))
          .hasSize(100);
      assertThat(users.stream().map(User::department).distinct().count()).isEqualTo(10);
      assertThat(users)
          .allMatch(u -> u.givenName() != null && u.surname() != null && u.jobTitle() != null);
      assertThat(users.stream().filter(u -> d.manager(u.id()).isPresent()).count()).isEqualTo(99);
      assertThat(users.stream().filter(u -> !u.accountEnabled()).count()).isPositive();
      Group approvers = d.groupByName("Approvers").orElseThrow();
      assertThat(d.memberIds(approvers.id())).isNotEmpty();
      Group sales = d.groupByName("Sales").orElseThrow();
      assertThat(d.memberIds(sales.id()))
          .hasSize((int) users.stream().filter(u -> "Sales".equals(u.department())).count());
      Group all = d.groupByName("All Employees").orElseThrow();
      assertThat(d.memberIds(all.id()))
          .allMatch(id -> d.group(id).isPresent()); // nested department groups
      assertThat(
              d.transitiveMemberIds(all.id()).stream().filter(id -> d.user(id).isPresent()).count())
          .isEqualTo(100);
      assertThat(d.groups().stream().filter(Group::unified).count()).isPositive();
    }
  }

  @Test
  void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("directory.json");
    try (EntraEmulator original = EntraEmulator.builder().users(30).groups(12).seed(77L).start()) {
      original.directory().save(file);
      assertThat(Files.readString(file))
          .contains("\"users\"", "\"groups\"", "\"members\"", "\"manager\"");
      try (EntraEmulator loaded = EntraEmulator.builder().directoryFile(file).start()) {
        Directory a = original.directory();
        Directory b = loaded.directory();
        assertThat(b.users().stream().map(User::properties).toList())
            .isEqualTo(a.users().stream().map(User::properties).toList());
        assertThat(b.groups().stream().map(Group::properties).toList())
            .isEqualTo(a.groups().stream().map(Group::properties).toList());
        for (Group g : a.groups()) {
          assertThat(b.memberIds(g.id())).isEqualTo(a.memberIds(g.id()));
        }
        for (User u : a.users()) {
          assertThat(b.manager(u.id()).map(User::id)).isEqualTo(a.manager(u.id()).map(User::id));
        }
      }
    }
  }

  @Test
  void handWrittenDirectoryFileLoads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("small.json");
    Files.writeString(
        file,
        """
                {"domain": "example.onmicrosoft.com",
                 "users": [
                   {"id": "11111111-1111-4111-8111-111111111111", "userPrincipalName": "ann@example.onmicrosoft.com",
                    "displayName": "Ann", "accountEnabled": true, "mailNickname": "ann"},
                   {"userPrincipalName": "ben@example.onmicrosoft.com", "displayName": "Ben", "accountEnabled": true,
                    "mailNickname": "ben", "manager": "11111111-1111-4111-8111-111111111111"}],
                 "groups": [
                   {"displayName": "Approvers", "mailEnabled": false, "securityEnabled": true, "mailNickname": "approvers",
                    "members": ["11111111-1111-4111-8111-111111111111"]}]}
                """);
    try (EntraEmulator emu = EntraEmulator.builder().directoryFile(file).start()) {
      assertThat(emu.tenantDomain()).isEqualTo("example.onmicrosoft.com");
      Directory d = emu.directory();
      assertThat(d.userCount()).isEqualTo(2);
      assertThat(d.manager("ben@example.onmicrosoft.com").map(User::displayName)).contains("Ann");
      assertThat(d.memberIds(d.groupByName("Approvers").orElseThrow().id()))
          .containsExactly("11111111-1111-4111-8111-111111111111");
    }
  }

  @Test
  void directoryIsThreadSafeAndServerServesConcurrently() throws Exception {
    try (EntraEmulator emu = EntraEmulator.builder().users(50).groups(5).seed(3L).start()) {
      Group g = emu.directory().createGroup("Concurrent");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Callable<Integer>> jobs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int n = t;
          jobs.add(
              () -> {
                TestClient c = new TestClient(emu).withToken();
                int ok = 0;
                for (int i = 0; i < 10; i++) {
                  User u =
                      emu.directory()
                          .createUser(
                              "c" + n + "." + i + "@" + emu.tenantDomain(), "C " + n + " " + i);
                  if (c.post(
                                  "/v1.0/groups/" + g.id() + "/members/$ref",
                                  "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/"
                                      + u.id()
                                      + "\"}")
                              .status()
                          == 204
                      && c.get("/v1.0/users?$top=5").status() == 200) {
                    ok++;
                  }
                }
                return ok;
              });
        }
        int ok = 0;
        for (Future<Integer> f : pool.invokeAll(jobs)) {
          ok += f.get();
        }
        assertThat(ok).isEqualTo(80);
        assertThat(emu.directory().memberIds(g.id())).hasSize(80);
        assertThat(emu.directory().userCount()).isEqualTo(130);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closeDeletesTheTrustStoreAndStartsFast() {
    EntraEmulator emu = EntraEmulator.builder().start();
    Path store = emu.trustStorePath();
    assertThat(store).exists();
    assertThat(emu.authorityHost()).startsWith("https://127.0.0.1:").isEqualTo(emu.graphEndpoint());
    emu.close();
    assertThat(store).doesNotExist();
  }
}
