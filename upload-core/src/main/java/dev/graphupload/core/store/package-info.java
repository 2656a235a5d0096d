/**
 * The session store port: durable records that let an upload resume after a crash, or on another
 * machine.
 *
 * <p>A record never holds the access token. The store contract suite in {@code upload-testkit}
 * proves an implementation keeps the promises of {@link dev.graphupload.core.store.SessionStore}.
 */
package dev.graphupload.core.store;
