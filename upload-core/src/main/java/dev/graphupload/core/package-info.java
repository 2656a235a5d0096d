/**
 * Resumable uploads to the Meta Graph API.
 *
 * <p>{@link dev.graphupload.core.GraphUploader} is the entry point. The values of the protocol
 * ({@link dev.graphupload.core.SessionId}, {@link dev.graphupload.core.FileOffset}, {@link
 * dev.graphupload.core.FileHandle}, …) are records that validate themselves when built, so an
 * instance is always well formed. Every failure is a {@link
 * dev.graphupload.core.GraphUploadException}. The seams a team plugs its own technology into are
 * the ports {@link dev.graphupload.core.transport.HttpTransport} and {@link
 * dev.graphupload.core.store.SessionStore}.
 */
package dev.graphupload.core;
