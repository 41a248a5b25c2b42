package io.entraid.connector.core.operation.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemporaryPasswordTest {

  @Test
  void everyPasswordHasAllFourCharacterClassesAndNoTwoAreAlike() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      String password = TemporaryPassword.generate();
      assertThat(password)
          .hasSize(TemporaryPassword.LENGTH)
          .matches(".*[A-Z].*")
          .matches(".*[a-z].*")
          .matches(".*[0-9].*")
          .matches(".*[!#$%&*+\\-=?@^_].*")
          .matches("[\\x21-\\x7e]+");
      seen.add(password);
    }
    assertThat(seen).hasSize(2000);
  }
}
