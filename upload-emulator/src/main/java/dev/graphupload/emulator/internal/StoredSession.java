package dev.graphupload.emulator.internal;

import java.security.MessageDigest;
import java.time.Instant;

/**
 * One upload session. Mutable state is guarded by the instance's monitor: requests on different
 * event loops may touch the same session.
 */
final class StoredSession {

  final String key;
  final String appId;
  final String fileName;
  final String fileType;
  final long length;
  final Instant createdAt;
  final String id;

  Instant expiresAt;
  long offset;
  String handle;
  Instant handleExpiresAt;
  String sha256;
  boolean expired;

  /**
   * SHA-256 of bytes [0, offset) kept up to date as they arrive, so finishing does not re-read the
   * file; null after a restart (then the file is read once at the end).
   */
  MessageDigest digest;

  /** The request now writing to this session, or null. */
  Object writer;

  StoredSession(
      String key,
      String id,
      String appId,
      String fileName,
      String fileType,
      long length,
      Instant createdAt,
      Instant expiresAt) {
    this.key = key;
    this.id = id;
    this.appId = appId;
    this.fileName = fileName;
    this.fileType = fileType;
    this.length = length;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  synchronized boolean isComplete() {
    return handle != null;
  }

  synchronized boolean isExpired(Instant now) {
    return expired || !now.isBefore(expiresAt);
  }
}
