package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.SessionId;
import java.util.Objects;
import java.util.Optional;

/**
 * What the server answered to one call, as a value the engine switches over. Graph's normal answers
 * (a lost session, an offset mismatch, a reply that does not say how far it got) are replies, not
 * exceptions; {@link Failed} carries a call that went wrong.
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

  /**
   * A send's reply could not be understood, or refused it for a reason not known to be final: only
   * the server's offset can say what arrived.
   */
  record Unclear(GraphUploadException why) implements Reply {
    /** Validates the reply. */
    public Unclear {
      Objects.requireNonNull(why, "why");
    }
  }

  /** The server no longer knows the session. */
  record SessionGone(GraphApiException error) implements Reply {}

  /**
   * The server refused the {@code file_offset} sent; it may have said its own ({@code
   * error_data.start_offset}), but only a query is trusted.
   */
  record OffsetMismatch(Optional<FileOffset> serverSays, GraphApiException error)
      implements Reply {}

  /**
   * The call failed: the connection, or a refusal. {@code kind} says what to do: the failure's own,
   * unless the call gives its error another meaning (100/33 is a gone session on a session call, an
   * unknown app on the create call).
   */
  record Failed(GraphUploadException failure, dev.graphupload.core.FailureKind kind)
      implements Reply {
    /** Validates the reply. */
    public Failed {
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(kind, "kind");
    }

    /** A failure whose own kind says what to do. */
    public Failed(GraphUploadException failure) {
      this(failure, failure.kind());
    }
  }
}
