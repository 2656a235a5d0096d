package dev.graphupload.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust in the certificates of a PEM file (a private CA, the emulator's {@code ca-cert}), for the
 * transports' builders: only those certificates are trusted, not the JDK's default store.
 */
public final class TrustedCertificates {

  private TrustedCertificates() {}

  /**
   * Trust managers for the certificates in {@code pem}.
   *
   * @param pem a file of one or more PEM certificates
   * @return the factory, initialised
   * @throws IllegalArgumentException naming the file if it cannot be read or holds no certificate
   */
  public static TrustManagerFactory trustManagers(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(
            "The file " + pem + " holds no PEM certificate to trust");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("trusted-" + n++, certificate);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "The certificate file " + pem + " does not exist; give the PEM file of the CA to trust",
          e);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Cannot read the certificates to trust from " + pem + ": " + e.getMessage(), e);
    }
  }

  /**
   * A TLS context that trusts the certificates in {@code pem}.
   *
   * @param pem a file of one or more PEM certificates
   * @return the context
   * @throws IllegalArgumentException naming the file if it cannot be read or holds no certificate
   */
  public static SSLContext sslContext(Path pem) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(pem).getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot build a TLS context: " + e.getMessage(), e);
    }
  }
}
