package dev.graphupload.core.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one HTTP request and returns its response: the port every transport adapter implements.
 *
 * <p>The contract:
 *
 * <ul>
 *   <li>{@link #execute} does not block: it starts the exchange and returns a future.
 *   <li>The body is sent exactly as described by {@link RequestBody}: a {@link
 *       RequestBody.FileRegion} is streamed from the file (never read whole into memory) with a
 *       {@code Content-Length} equal to its length.
 *   <li>Headers and the URI are sent verbatim: names keep their underscores ({@code file_offset}),
 *       and the URI's query is not re-encoded.
 *   <li>{@code progress} is called with the running total of body bytes written, never decreasing,
 *       from any thread, and must not block.
 *   <li>Any HTTP status completes the future normally: interpreting statuses is the core's job. The
 *       future completes exceptionally with {@link dev.graphupload.core.TransportException} when
 *       the exchange fails (connection refused or cut, timeout, a response body over {@link
 *       TransportRequest#maxResponseBytes()}).
 *   <li>Cancelling the future aborts the exchange promptly and releases its connection.
 *   <li>{@link TransportRequest#timeout()} bounds the whole exchange, including a server that
 *       accepts the body and never answers.
 * </ul>
 *
 * <p>Implementations are thread safe: one instance serves many uploads at once.
 */
public interface HttpTransport extends AutoCloseable {

  /**
   * Starts an exchange.
   *
   * @param request what to send
   * @param progress told how many body bytes have been written so far
   * @return the response, once its body has been read
   */
  CompletableFuture<TransportResponse> execute(TransportRequest request, BodyProgress progress);

  /** Releases the transport's threads and connections. The default does nothing. */
  @Override
  default void close() {}
}
