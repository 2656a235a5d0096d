package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * Recognises an {@code http://} endpoint whose port speaks TLS. A TLS server given a plain HTTP
 * request closes the connection without a reply, which looks like any cut connection and would be
 * retried for a minute. So when an exchange over plain HTTP ends that way, the port is asked once
 * with a TLS greeting: a TLS answer turns the failure into a permanent one that names the fix.
 * Endpoints that are {@code https://} are not wrapped; a port found to be plain HTTP is not asked
 * again.
 */
public final class PlainHttpCheck implements HttpTransport {

  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final HttpTransport transport;
  private final Executor probes;
  private final AtomicBoolean plainConfirmed = new AtomicBoolean();

  private PlainHttpCheck(HttpTransport transport, Executor probes) {
    this.transport = transport;
    this.probes = probes;
  }

  /**
   * The transport to use for {@code endpoint}.
   *
   * @param transport the user's transport
   * @param endpoint the configured endpoint
   * @param probes where the blocking check runs (the store executor: it is for blocking calls)
   * @return {@code transport} itself for {@code https://}, else a checking wrapper
   */
  public static HttpTransport around(HttpTransport transport, URI endpoint, Executor probes) {
    return "http".equalsIgnoreCase(endpoint.getScheme())
        ? new PlainHttpCheck(transport, probes)
        : transport;
  }

  @Override
  public CompletableFuture<TransportResponse> execute(
      TransportRequest request, BodyProgress progress) {
    CompletableFuture<TransportResponse> sent = transport.execute(request, progress);
    CompletableFuture<TransportResponse> result = new CompletableFuture<>();
    result.whenComplete(
        (response, error) -> {
          if (result.isCancelled()) {
            sent.cancel(true);
          }
        });
    sent.whenComplete(
        (response, error) -> {
          if (error == null) {
            result.complete(response);
          } else if (!worthAsking(error)) {
            result.completeExceptionally(error);
          } else {
            try {
              probes.execute(() -> result.completeExceptionally(recognise(error, request.uri())));
            } catch (RejectedExecutionException closing) {
              result.completeExceptionally(error);
            }
          }
        });
    return result;
  }

  private boolean worthAsking(Throwable error) {
    Throwable t =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (plainConfirmed.get()
        || !(t instanceof TransportException failure)
        || failure.kind() != FailureKind.TRANSIENT) {
      return false;
    }
    // a cut connection, not a refusal and not a timeout: a client may report its timeout with the
    // connection it closed as the cause (the JDK's does, when its timer and the read race), and a
    // silent server would hold the greeting for the probe's whole timeout too
    boolean cut = false;
    for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c.getClass().getSimpleName().contains("Timeout")) {
        return false;
      }
      cut |= c instanceof IOException;
    }
    return cut;
  }

  private Throwable recognise(Throwable error, URI uri) {
    if (!speaksTls(uri)) {
      plainConfirmed.set(true);
      return error;
    }
    String authority = uri.getRawAuthority();
    return new TransportException(
        "http://"
            + authority
            + " speaks TLS, not plain HTTP: use https://"
            + authority
            + " (with --ca-cert FILE if its certificate is not publicly trusted)",
        FailureKind.FATAL,
        error instanceof CompletionException ? error.getCause() : error);
  }

  /** Whether the server at {@code uri}'s host and port answers a TLS greeting in TLS. */
  static boolean speaksTls(URI uri) {
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    int timeout = (int) PROBE_TIMEOUT.toMillis();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), timeout);
      socket.setSoTimeout(timeout);
      socket.getOutputStream().write(clientHello(uri.getHost(), port));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      int recordType = in.read();
      int major = in.read();
      // a handshake (22) or an alert (21) record, TLS's major version 3
      return (recordType == 22 || recordType == 21) && major == 3;
    } catch (IOException | GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] clientHello(String host, int port)
      throws GeneralSecurityException, IOException {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine(host, port);
    engine.setUseClientMode(true);
    engine.beginHandshake();
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    out.flip();
    byte[] hello = new byte[out.remaining()];
    out.get(hello);
    return hello;
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return transport.toString();
  }
}
