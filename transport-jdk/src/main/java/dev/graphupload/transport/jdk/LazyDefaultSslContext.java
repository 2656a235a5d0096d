package dev.graphupload.transport.jdk;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default {@link SSLContext}, made on first use. An {@code HttpClient} built without a
 * context takes {@link SSLContext#getDefault()} at once, which reads and parses the whole trust
 * store (tens of milliseconds at start-up) even when every request is plain {@code http://}: the
 * emulator, a local proxy. Given this one, and {@link #parameters()} so that it does not ask the
 * context for its defaults either, the client makes the real context when it opens its first TLS
 * connection, and a run that never does never pays for it. Everything is delegated to that context:
 * the same trust store, protocols and cipher suites as {@code getDefault()}.
 */
final class LazyDefaultSslContext extends SSLContext {

  private final Spi spi;

  LazyDefaultSslContext() {
    this(new Spi());
  }

  private LazyDefaultSslContext(Spi spi) {
    super(spi, null, "Default");
    this.spi = spi;
  }

  /**
   * The parameters to give the client beside this context: none set, so each connection takes the
   * real context's defaults.
   *
   * @return new, empty parameters
   */
  static SSLParameters parameters() {
    return new SSLParameters();
  }

  /** Whether the real context was made; for tests. */
  boolean made() {
    return spi.real != null;
  }

  private static final class Spi extends SSLContextSpi {
    private volatile SSLContext real;

    private SSLContext real() {
      SSLContext context = real;
      if (context == null) {
        try {
          context = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("The JDK has no default TLS context", e);
        }
        real = context;
      }
      return context;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
        throws KeyManagementException {
      throw new KeyManagementException("The default context is initialised by the JDK");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return real().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return real().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return real().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return real().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return real().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return real().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return real().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return real().getSupportedSSLParameters();
    }
  }
}
