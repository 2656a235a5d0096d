package dev.graphupload.testkit;

import dev.graphupload.core.transport.HttpTransport;

/**
 * What every {@link HttpTransport} must do, proved against the emulator over real sockets (and a
 * deliberately broken server for the hostile cases). Extend it and implement {@link
 * #newTransport()}:
 *
 * <pre>{@code
 * class MyTransportContractTest extends HttpTransportContract {
 *   protected HttpTransport newTransport() { return new MyTransport(); }
 * }
 * }</pre>
 *
 * <p>The suites are split by concern ({@link HttpTransportExchangeContract}, {@link
 * HttpTransportFailureContract}); this class runs them all. The transport must accept plain {@code
 * http://} to loopback (the emulator's address) and refuse it to other hosts.
 */
public abstract class HttpTransportContract extends HttpTransportFailureContract {}
