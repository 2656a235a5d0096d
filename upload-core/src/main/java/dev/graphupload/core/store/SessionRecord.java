package dev.graphupload.core.store;

import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.FileType;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadKey;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SessionStore} keeps about one upload. It never holds the access token.
 *
 * @param key which file (or caller's key), app and endpoint the record is for
 * @param callerKey the caller's key the upload is resumed by ({@link
 *     dev.graphupload.core.UploadRequest.Builder#key}), or empty for a file resumed by its path
 * @param fingerprint the file as it was when the session was created, or empty when the bytes did
 *     not come from a file
 * @param endpoint the Graph base URL the session lives on
 * @param appId the app that owns the session
 * @param apiVersion the API version the session was created with
 * @param sessionId the session id, verbatim
 * @param fileName the {@code file_name} sent to Graph
 * @param fileLength the {@code file_length} sent to Graph
 * @param fileType the {@code file_type} sent to Graph
 * @param state how far the upload got
 * @param createdAt when the session was created
 * @param updatedAt when the record last changed
 * @param expiresAt after this instant the record is of no use (session or handle expired) and a
 *     store may forget it
 * @param revision the store's version of the record, for compare-and-set; 0 for a record never
 *     saved
 */
public record SessionRecord(
    UploadKey key,
    Optional<String> callerKey,
    Optional<Fingerprint> fingerprint,
    URI endpoint,
    AppId appId,
    ApiVersion apiVersion,
    SessionId sessionId,
    String fileName,
    long fileLength,
    FileType fileType,
    RecordState state,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt,
    long revision) {

  /** Validates the record. */
  public SessionRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(callerKey, "callerKey");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (callerKey.isEmpty() && fingerprint.isEmpty()) {
      throw new IllegalArgumentException(
          "A record names its upload by a caller's key or by a file's fingerprint; it has neither");
    }
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(fileType, "fileType");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (fileLength <= 0) {
      throw new IllegalArgumentException("A recorded file length must be positive: " + fileLength);
    }
    if (state instanceof RecordState.InProgress p && p.confirmed().value() > fileLength) {
      throw new IllegalArgumentException(
          "A recorded offset ("
              + p.confirmed()
              + ") cannot pass the file length ("
              + fileLength
              + ")");
    }
    if (updatedAt.isBefore(createdAt)) {
      throw new IllegalArgumentException("A record cannot be updated before it was created");
    }
    if (revision < 0) {
      throw new IllegalArgumentException("A revision cannot be negative: " + revision);
    }
  }

  /**
   * This record in a new state, as of {@code now}. The revision is unchanged: saving the result is
   * a compare-and-set against the revision this record was read at.
   *
   * @param newState the new state
   * @param now the time of the change
   * @param newExpiresAt when the record stops being of use
   * @return the changed record
   */
  public SessionRecord withState(RecordState newState, Instant now, Instant newExpiresAt) {
    return copy(newState, now.isBefore(createdAt) ? createdAt : now, newExpiresAt, revision);
  }

  /**
   * This record as a store holds it after a save: the same content at another revision.
   *
   * @param newRevision the revision the store gave it
   * @return the record at that revision
   */
  public SessionRecord withRevision(long newRevision) {
    return copy(state, updatedAt, expiresAt, newRevision);
  }

  private SessionRecord copy(
      RecordState newState, Instant newUpdatedAt, Instant newExpiresAt, long newRevision) {
    return new SessionRecord(
        key,
        callerKey,
        fingerprint,
        endpoint,
        appId,
        apiVersion,
        sessionId,
        fileName,
        fileLength,
        fileType,
        newState,
        createdAt,
        newUpdatedAt,
        newExpiresAt,
        newRevision);
  }

  /**
   * Whether the record is past its expiry.
   *
   * @param now the current time
   * @return {@code true} once {@code now} is at or after {@link #expiresAt()}
   */
  public boolean isExpired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
