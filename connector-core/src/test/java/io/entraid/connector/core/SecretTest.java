package io.entraid.connector.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {
  static final String VALUE = "Abc8Q~k3lMnOpQrStUvWxYz";

  @Test
  void toStringIsMasked() {
    assertThat(Secret.of(VALUE)).hasToString("****");
    assertThat(String.valueOf(Map.of("s", Secret.of(VALUE)))).doesNotContain(VALUE);
  }

  @Test
  void jsonIsMasked() throws Exception {
    assertThat(new ObjectMapper().writeValueAsString(Map.of("secret", Secret.of(VALUE))))
        .isEqualTo("{\"secret\":\"****\"}");
  }

  @Test
  void javaSerializationIsRefused() {
    assertThatThrownBy(
            () -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(Secret.of(VALUE)))
        .isInstanceOf(NotSerializableException.class)
        .hasMessageNotContaining(VALUE);
  }

  @Test
  void equalsDoesNotCompareValues() {
    Secret a = Secret.of(VALUE);
    assertThat(a).isEqualTo(a).isNotEqualTo(Secret.of(VALUE));
  }
}
