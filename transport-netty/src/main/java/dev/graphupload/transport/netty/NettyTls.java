package dev.graphupload.transport.netty;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/** The TLS set-up of the Netty transport: which provider, and the client context. */
final class NettyTls {

  private NettyTls() {}

  /**
   * The client context for {@code https://}.
   *
   * @param asked the provider asked for, or {@code null}: OpenSSL when it is usable, else the JDK's
   * @param trustManagers the trust to use, or {@code null} for the JDK's default
   * @throws IllegalStateException if OpenSSL was asked for and is not usable, naming the artifact
   */
  static SslContext clientContext(SslProvider asked, TrustManagerFactory trustManagers) {
    SslProvider provider = asked;
    if (provider == null) {
      provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    } else if (provider != SslProvider.JDK && !OpenSsl.isAvailable()) {
      throw new IllegalStateException(
          "TLS provider "
              + provider
              + " needs io.netty:netty-tcnative-boringssl-static on the class path (for this"
              + " platform), and it is not usable: "
              + OpenSsl.unavailabilityCause()
              + "; add it, or use SslProvider.JDK");
    }
    try {
      SslContextBuilder context = SslContextBuilder.forClient().sslProvider(provider);
      if (trustManagers != null) {
        context.trustManager(trustManagers);
      }
      return context.build();
    } catch (SSLException e) {
      throw new IllegalStateException(
          "Cannot build a " + provider + " TLS context: " + e.getMessage(), e);
    }
  }
}
