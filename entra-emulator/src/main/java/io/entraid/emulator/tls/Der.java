package io.entraid.emulator.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** The few ASN.1 DER encodings an X.509 v3 certificate needs (X.690 section 8 and 10). */
final class Der {
  private Der() {}

  static byte[] tlv(int tag, byte[]... contents) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] c : contents) {
      body.writeBytes(c);
    }
    byte[] value = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else {
      byte[] lenBytes = BigInteger.valueOf(len).toByteArray();
      int start = lenBytes[0] == 0 ? 1 : 0;
      out.write(0x80 | (lenBytes.length - start));
      out.write(lenBytes, start, lenBytes.length - start);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  static byte[] sequence(byte[]... contents) {
    return tlv(0x30, contents);
  }

  static byte[] set(byte[]... contents) {
    return tlv(0x31, contents);
  }

  static byte[] integer(BigInteger value) {
    return tlv(0x02, value.toByteArray());
  }

  static byte[] nullValue() {
    return new byte[] {0x05, 0x00};
  }

  static byte[] bool(boolean value) {
    return tlv(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
  }

  static byte[] octetString(byte[] value) {
    return tlv(0x04, value);
  }

  static byte[] bitString(byte[] value) {
    byte[] withPadCount = new byte[value.length + 1];
    System.arraycopy(value, 0, withPadCount, 1, value.length);
    return tlv(0x03, withPadCount);
  }

  static byte[] utf8String(String value) {
    return tlv(0x0C, value.getBytes(StandardCharsets.UTF_8));
  }

  /** UTCTime (YYMMDDHHMMSSZ) is mandatory for dates before 2050 (RFC 5280 4.1.2.5). */
  static byte[] time(ZonedDateTime t) {
    ZonedDateTime utc = t.withZoneSameInstant(ZoneOffset.UTC);
    if (utc.getYear() < 2050) {
      return tlv(
          0x17,
          DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
              .format(utc)
              .getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(
        0x18,
        DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .format(utc)
            .getBytes(StandardCharsets.US_ASCII));
  }

  /** Context-specific tag: constructed (explicit wrapping) or primitive (implicit). */
  static byte[] tagged(int number, boolean constructed, byte[]... contents) {
    return tlv(0x80 | (constructed ? 0x20 : 0) | number, contents);
  }

  static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
    for (int i = 2; i < parts.length; i++) {
      long v = Long.parseLong(parts[i]);
      byte[] tmp = new byte[10];
      int n = 0;
      do {
        tmp[n++] = (byte) (v & 0x7F);
        v >>>= 7;
      } while (v != 0);
      for (int j = n - 1; j >= 0; j--) {
        out.write(tmp[j] | (j > 0 ? 0x80 : 0));
      }
    }
    return tlv(0x06, out.toByteArray());
  }
}
