/**
 * The HTTP port: what a transport adapter implements.
 *
 * <p>A transport only moves bytes. Everything Graph-specific (URLs, headers, JSON, the error
 * envelope) lives in the core, so an adapter is small and a new one is easy to write; the transport
 * contract suite in {@code upload-testkit} proves one.
 */
package dev.graphupload.core.transport;
