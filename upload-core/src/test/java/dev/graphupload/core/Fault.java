package dev.graphupload.core;

/**
 * What the {@link FakeGraphServer} does to one request. The {@code toString} of each is short, so a
 * failing property prints a readable schedule.
 */
public sealed interface Fault {

  /** Serve the request normally. */
  record None() implements Fault {
    @Override
    public String toString() {
      return "ok";
    }
  }

  /** Keep the first {@code bytes} body bytes, then cut the connection. */
  record CutAfter(long bytes) implements Fault {
    @Override
    public String toString() {
      return "cut@" + bytes;
    }
  }

  /** Serve the request (commit its bytes), then lose the reply. */
  record LoseReply() implements Fault {
    @Override
    public String toString() {
      return "lose-reply";
    }
  }

  /** Answer with a transient Graph error (code 1 or 2) and this HTTP status. */
  record Transient(int code, int httpStatus) implements Fault {
    @Override
    public String toString() {
      return "transient(" + code + "/" + httpStatus + ")";
    }
  }

  /** Answer with a throttling error, with a {@code Retry-After} of that many seconds (0: none). */
  record Throttle(int code, int retryAfterSeconds) implements Fault {
    @Override
    public String toString() {
      return "throttle(" + code + ",retry-after=" + retryAfterSeconds + ")";
    }
  }

  /** Forget the session before serving the request. */
  record ExpireSession() implements Fault {
    @Override
    public String toString() {
      return "expire-session";
    }
  }

  /** Answer with a fatal Graph error of this code. */
  record Fatal(int code) implements Fault {
    @Override
    public String toString() {
      return "fatal(" + code + ")";
    }
  }

  /** Answer 200 with a body that is not JSON. */
  record Malformed() implements Fault {
    @Override
    public String toString() {
      return "malformed";
    }
  }

  /** Report an offset this far from the truth (negative: backwards). */
  record LieAboutOffset(long delta) implements Fault {
    @Override
    public String toString() {
      return "lie(" + delta + ")";
    }
  }

  /** Answer a send with a handle even if bytes are missing. */
  record EarlyHandle() implements Fault {
    @Override
    public String toString() {
      return "early-handle";
    }
  }

  /** The client process dies during this request. */
  record Crash() implements Fault {
    @Override
    public String toString() {
      return "crash";
    }
  }

  /** Echo the access token back in an error message, as a hostile server might. */
  record EchoToken() implements Fault {
    @Override
    public String toString() {
      return "echo-token";
    }
  }

  /**
   * Answer a send with this status and body instead of the usual reply; the body's bytes are kept
   * first if {@code commit}.
   */
  record Answer(boolean commit, int status, String body) implements Fault {
    @Override
    public String toString() {
      return (commit ? "commit+" : "") + status + " " + body;
    }
  }

  /** Keep only the first {@code bytes} of a send's body, then answer with a handle anyway. */
  record HandleAfter(long bytes) implements Fault {
    @Override
    public String toString() {
      return "handle-after@" + bytes;
    }
  }

  /** Thrown by the fake when a {@link Crash} is due: the process is gone. */
  final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    public SimulatedCrash() {
      super("simulated crash of the uploading process");
    }
  }
}
