package io.entraid.connector.core.token;

import io.entraid.connector.core.Secret;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a connection proves who it is to Entra ID: exactly one of these. File-based kinds name the
 * file, and an uploaded certificate shows only that it is uploaded, never its content, so every
 * {@code toString} is safe to log.
 */
public sealed interface Credential {

  /** A client secret's Value, given inline. */
  record ClientSecret(Secret value) implements Credential {
    public ClientSecret {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A file holding a client secret's Value; re-read when the file changes (rotation). */
  record ClientSecretFile(Path file) implements Credential {}

  /**
   * A PKCS12/PFX or PEM file with the certificate and its private key, re-read when it changes, or
   * that file's uploaded content.
   *
   * @param password the PFX's (or encrypted PEM key's) password, when it has one
   * @param sendX5c whether to send the certificate chain with each request (subject name/issuer
   *     authentication)
   */
  record ClientCertificate(CertificateSource source, Optional<Secret> password, boolean sendX5c)
      implements Credential {
    public ClientCertificate(Path file, Optional<Secret> password, boolean sendX5c) {
      this(new CertificateSource.File(file), password, sendX5c);
    }
  }

  /** A file with a federated token (workload identity federation); read for every token request. */
  record ClientAssertionFile(Path file) implements Credential {}

  /**
   * An Azure managed identity.
   *
   * @param clientId a user-assigned identity's client id, or empty for the system-assigned one
   */
  record ManagedIdentity(Optional<String> clientId) implements Credential {}

  /** The file this credential is read from, if it is read from one. */
  default Optional<Path> sourceFile() {
    if (this instanceof ClientSecretFile f) return Optional.of(f.file());
    if (this instanceof ClientCertificate c && c.source() instanceof CertificateSource.File f)
      return Optional.of(f.path());
    if (this instanceof ClientAssertionFile a) return Optional.of(a.file());
    return Optional.empty();
  }
}
