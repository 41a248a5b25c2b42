package io.entraid.connector.core.token;

import io.entraid.connector.core.Secret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a client certificate (with its private key) comes from: a file on this machine, or the
 * file's content uploaded to a stored connection (which every node of a cluster shares, while they
 * do not share files). {@code toString} never shows the content.
 */
public sealed interface CertificateSource {
  /** The prefix of uploaded content given as base64 (a PFX, or any certificate file's bytes). */
  String BASE64_PREFIX = "base64:";

  /** A PKCS12/PFX or PEM file, re-read when it changes. */
  record File(Path path) implements CertificateSource {
    @Override
    public String toString() {
      return path.toString();
    }
  }

  /**
   * A certificate file's content: PEM text ({@code -----BEGIN ...}), or {@value #BASE64_PREFIX}
   * followed by the file's bytes in base64 (a PKCS12/PFX, or a PEM).
   */
  record Uploaded(Secret content) implements CertificateSource {
    /** The file's bytes. */
    byte[] bytes() throws CredentialFileException {
      String value = content.reveal().strip();
      if (!startsWithIgnoringCase(value, BASE64_PREFIX)) {
        return value.getBytes(StandardCharsets.US_ASCII);
      }
      try {
        return Base64.getDecoder()
            .decode(value.substring(BASE64_PREFIX.length()).replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new CredentialFileException(
            "The uploaded certificate after " + BASE64_PREFIX + " is not valid base64.",
            "upload the file again, or send "
                + BASE64_PREFIX
                + " followed by the PFX file's bytes in base64 (e.g. base64 -w0 cert.pfx).");
      }
    }

    @Override
    public String toString() {
      return "uploaded certificate";
    }
  }

  /**
   * The uploaded content a ClientCertificate value holds, or empty when the value is something else
   * (a path).
   */
  static Optional<Uploaded> uploaded(String value) {
    String v = value.strip();
    // PEM text may carry lines before its first block (openssl's "Bag Attributes")
    return v.contains("-----BEGIN ") || startsWithIgnoringCase(v, BASE64_PREFIX)
        ? Optional.of(new Uploaded(Secret.of(v)))
        : Optional.empty();
  }

  private static boolean startsWithIgnoringCase(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }
}
