package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.entraid.connector.core.operation.Operation;
import io.entraid.connector.core.operation.OperationCatalog;
import io.entraid.connector.core.operation.OperationSpec.Category;
import io.entraid.connector.core.operation.Permissions;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserOperationsTest {

  @Test
  void theStandardCatalogHoldsEveryUserOperation() {
    List<String> standard =
        OperationCatalog.standard().all().stream().map(o -> o.spec().name()).toList();

    assertThat(standard)
        .containsSubsequence(
            "getUser",
            "findUsers",
            "createUser",
            "updateUser",
            "enableUser",
            "disableUser",
            "deleteUser",
            "restoreUser",
            "revokeSignInSessions",
            "getManager",
            "setManager",
            "removeManager",
            "listUserGroups");
    assertThat(standard).endsWith("testConnection");
  }

  @Test
  void everyUserOperationDeclaresHelpAndPermissionsThatDirectoryReadWriteAllCovers() {
    for (Operation op : UserOperations.all()) {
      assertThat(op.spec().category()).isEqualTo(Category.USERS);
      assertThat(op.spec().permissions()).as(op.spec().name()).isNotEmpty();
      assertThat(Permissions.missing(op.spec(), List.of("Directory.ReadWrite.All")))
          .as(op.spec().name())
          .isEmpty();
      op.spec()
          .inputs()
          .forEach(i -> assertThat(i.help()).as(op.spec().name() + "." + i.name()).isNotBlank());
    }
  }
}
