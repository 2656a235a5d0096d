package dev.graphupload.core;

/** Why a stored upload session could not be used and a new one was started. */
public enum RestartReason {
  /** The file's size, time or content differs from when its upload began. */
  FILE_CHANGED,
  /**
   * The bytes given under a key are not the bytes its stored session began with (another length,
   * name or type, or a range the server holds that differs).
   */
  OTHER_CONTENT,
  /**
   * The stored record names another Graph endpoint than the uploader's: it is not used, and that
   * endpoint is never contacted (a record must not choose where the token goes).
   */
  OTHER_ENDPOINT,
  /** The server no longer knows the session: it expired or was forgotten. */
  SESSION_EXPIRED,
  /** The file was uploaded before, but its handle expired (or is about to). */
  HANDLE_EXPIRED
}
