package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.SessionId;
import java.util.Objects;

/**
 * What the server answered to one call, as a value the engine switches over. Graph's normal answers
 * (a lost session, a reply that does not say how far it got) are replies, not exceptions; {@link
 * Failed} carries a call that went wrong, and the {@link FailureRules} say what it means.
 */
public sealed interface Reply {

  /** A session was created. */
  record Created(SessionId session) implements Reply {}

  /** The server holds the file up to {@code offset} (a query's answer, or a send's). */
  record Offset(FileOffset offset) implements Reply {}

  /** The server returned the file's handle. */
  record Completed(FileHandle handle) implements Reply {}

  /**
   * A send was accepted, but the reply (206, an empty body, {@code {"success":true}}) says not how
   * far.
   */
  record Unstated() implements Reply {}

  /** The server no longer knows the session. */
  record SessionGone(GraphApiException error) implements Reply {}

  /**
   * The call failed: the connection, a refusal, or (for a send) a reply that cannot be read. What
   * it means for the upload is the {@link FailureRules}' to say.
   */
  record Failed(GraphUploadException failure) implements Reply {
    /** Validates the reply. */
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
