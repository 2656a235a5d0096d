/**
 * {@link dev.graphupload.core.transport.HttpTransport} on Netty: {@link
 * dev.graphupload.transport.netty.NettyHttpTransport}.
 */
package dev.graphupload.transport.netty;
