/**
 * Guice modules: {@link dev.graphupload.guice.GraphUploadModule} provides a {@link
 * dev.graphupload.core.GraphUploader} from whatever {@link
 * dev.graphupload.core.transport.HttpTransport} and {@link dev.graphupload.core.store.SessionStore}
 * are bound; {@link dev.graphupload.guice.JdkTransportModule}, {@link
 * dev.graphupload.guice.NettyTransportModule}, {@link dev.graphupload.guice.FileStoreModule} and
 * {@link dev.graphupload.guice.InMemoryStoreModule} bind them.
 */
package dev.graphupload.guice;
