package io.entraid.connector.camunda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.camunda.bpm.engine.ProcessEngineException;

/** An SSLContext that trusts the certificates of a PKCS12 file. */
final class TrustStores {
  private TrustStores() {}

  static SSLContext sslContext(String path, String password) {
    char[] secret = password == null ? new char[0] : password.toCharArray();
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, secret);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new ProcessEngineException(
          "Entra ID connector: cannot read the trust store '"
              + path
              + "' ("
              + e.getMessage()
              + "). Fix: point trustStore at a readable PKCS12 file and set trustStorePassword to its password.",
          e);
    }
  }
}
