/**
 * Contract test suites for the ports: extend {@link dev.graphupload.testkit.HttpTransportContract}
 * to prove an {@link dev.graphupload.core.transport.HttpTransport}.
 */
package dev.graphupload.testkit;
