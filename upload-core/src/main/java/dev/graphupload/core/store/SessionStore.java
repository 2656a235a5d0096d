package dev.graphupload.core.store;

/**
 * A whole store: records and locks for the engine ({@link SessionRecords}, {@link UploadLocks}),
 * listing and forgetting for tools ({@link SessionAdmin}). The file and Redis stores implement it;
 * {@code upload-testkit}'s {@code SessionStoreContract} is the one proof that an implementation
 * keeps every port's contract.
 *
 * <p>A custom store need not implement it all: the uploader takes records and locks alone ({@link
 * dev.graphupload.core.GraphUploaderBuilder#store(SessionRecords, UploadLocks)}); a store used by
 * one process can take its locks from {@link ProcessLocks}.
 *
 * <p>Implementations are thread safe. A store never sees the access token.
 */
public interface SessionStore extends SessionRecords, UploadLocks, SessionAdmin {}
