package dev.graphupload.emulator;

import java.util.Objects;

/**
 * An exact fault for one coming request, queued with {@link GraphEmulator#enqueue}: the
 * MockWebServer way, beside the seeded random faults of {@link FaultSettings}. Each applies to the
 * next request of its {@link Request kind}, once.
 */
public sealed interface ScriptedFault {

  /** Which request a scripted fault waits for. */
  enum Request {
    /** {@code POST /{v}/{app}/uploads}. */
    CREATE,
    /** {@code POST /{v}/upload:<id>}. */
    SEND,
    /** {@code GET /{v}/upload:<id>}. */
    QUERY
  }

  /** Keep the first {@code bytes} of a send's body, then cut the connection. */
  record CutAfter(long bytes) implements ScriptedFault {
    /** Validates the count. */
    public CutAfter {
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes cannot be negative: " + bytes);
      }
    }
  }

  /** Serve a send (keep its bytes), then close the connection without a reply. */
  record LoseReply() implements ScriptedFault {}

  /** Refuse a send with the profile's offset-mismatch error, before reading its body. */
  record Mismatch() implements ScriptedFault {}

  /**
   * Answer with Graph's error envelope.
   *
   * @param status the HTTP status
   * @param code the Graph error code
   * @param subcode the error subcode, or {@code null}
   * @param message the message
   */
  record Error(int status, int code, Integer subcode, String message) implements ScriptedFault {
    /** Validates the error. */
    public Error {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Answer with this status and JSON body instead of serving the request (a send's body is not
   * kept).
   *
   * @param status the HTTP status
   * @param body the body, sent as {@code application/json}
   */
  record Reply(int status, String body) implements ScriptedFault {
    /** Validates the reply. */
    public Reply {
      Objects.requireNonNull(body, "body");
    }
  }

  /** Take the request and never answer it (the connection stays open until the client leaves). */
  record Stall() implements ScriptedFault {}
}
