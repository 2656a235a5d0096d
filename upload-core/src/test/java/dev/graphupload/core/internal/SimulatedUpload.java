package dev.graphupload.core.internal;

import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.FileType;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphError;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.UploadSubject;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runs the {@link UploadMachine} alone against a simulated server whose every answer is drawn from
 * a script of choices: no sockets, no clock, no store. It records what a property needs to judge
 * the run: every step, every notice, what the server holds, and what it confirmed.
 */
final class SimulatedUpload {

  static final int MAX_STEPS = 20_000;
  private static final URI ENDPOINT = URI.create("https://graph.facebook.com");
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final Rules rules;
  private final List<Integer> script;
  private final int cancelAt;
  private int next;
  private long ticks;

  // the server
  private int sessions;
  private SessionId session;
  long held;
  private FileHandle handed;

  // what happened
  int steps;
  final List<Notice> notices = new ArrayList<>();
  private long confirmedThisSession;
  final List<String> violations = new ArrayList<>();
  boolean serverConfirmedEveryByte;
  FileHandle handedOut;
  boolean cancelled;
  Step last;

  SimulatedUpload(
      long length,
      long chunk,
      int maxAttempts,
      boolean verifyHandles,
      List<Integer> script,
      int cancelAt) {
    Path path = Path.of("/data/clip.mp4");
    UploadSubject source =
        new UploadSubject(
            path.toString(), "clip.mp4", FileType.MP4, length, Optional.empty(), Optional.of(path));
    this.rules =
        new Rules(
            UploadKey.of(ENDPOINT, AppId.of("1"), path),
            ENDPOINT,
            source,
            Optional.of(new Fingerprint(path, length, T0, "a".repeat(64))),
            ChunkPolicy.fixed(chunk),
            RetryPolicy.custom()
                .maxAttempts(maxAttempts)
                .initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(100))
                .build(),
            verifyHandles,
            false,
            Duration.ofDays(1),
            Duration.ZERO);
    this.script = List.copyOf(script);
    this.cancelAt = cancelAt;
  }

  /** Runs until the machine finishes or fails, or {@link #MAX_STEPS} pass. */
  SimulatedUpload run() {
    Progress progress = Progress.start(0);
    RunEvent event = new RunEvent.Begin();
    for (int n = 0; n < MAX_STEPS; n++) {
      if (n == cancelAt) {
        event = new RunEvent.Cancelled();
        cancelled = true;
      }
      ticks += Duration.ofMillis(1).toNanos();
      Transition t =
          UploadMachine.next(rules, progress, event, new Moment(ticks, T0.plusNanos(ticks), 0.5));
      progress = t.progress();
      notices.addAll(t.notices());
      steps++;
      if (t.step() instanceof Step.Finish || t.step() instanceof Step.Fail) {
        last = t.step();
        return this;
      }
      event = perform(t.step(), progress);
    }
    return this;
  }

  private int choose() {
    return next < script.size() ? script.get(next++) : 0; // past the script: all goes well
  }

  private RunEvent perform(Step step, Progress progress) {
    if (step instanceof Step.TakeLock) {
      return new RunEvent.LockTaken(() -> {});
    } else if (step instanceof Step.FindRecord) {
      return new RunEvent.RecordFound(Optional.empty());
    } else if (step instanceof Step.Wait wait) {
      ticks += wait.delay().toNanos();
      return new RunEvent.WaitOver(wait);
    } else if (step instanceof Step.Record record) {
      return new RunEvent.Recorded(record, record(progress));
    } else if (step instanceof Step.Create create) {
      return answered(create, createReply(), 0);
    } else if (step instanceof Step.Send send) {
      return send(send);
    }
    Step.AskOffset ask = (Step.AskOffset) step;
    return answered(ask, offsetReply(ask.session()), 0);
  }

  private Reply createReply() {
    if (choose() % 5 == 4) {
      return new Reply.Failed(new TransportException("cut", null));
    }
    session = SessionId.of("upload:s" + ++sessions);
    held = 0;
    handed = null;
    confirmedThisSession = 0;
    serverConfirmedEveryByte = false;
    return new Reply.Created(session);
  }

  private RunEvent send(Step.Send send) {
    if (!send.session().equals(session)) {
      return answered(send, new Reply.SessionGone(gone()), 0);
    }
    int c = choose() % 10;
    long to = send.from().value() + send.bytes();
    long length = rules.length();
    if (send.from().value() < confirmedThisSession) {
      violations.add(
          "re-sent from " + send.from() + " after the server confirmed " + confirmedThisSession);
    }
    if (to > length || (send.bytes() == 0 && send.from().value() != length)) {
      violations.add("sent " + send.from() + "+" + send.bytes() + " of " + length);
    }
    if (send.from().value() != held && c < 8) {
      return answered(send, new Reply.Failed(mismatch()), send.bytes());
    }
    switch (c) {
      case 0, 1, 2, 3:
        held = to;
        if (held == length) {
          handed = FileHandle.of("4:" + session.value().substring(7));
          return answered(send, new Reply.Completed(handed), send.bytes());
        }
        return answered(send, new Reply.Offset(FileOffset.of(held)), send.bytes());
      case 4: // the connection was cut part way: the server kept some
        held = Math.max(held, send.from().value() + send.bytes() / 2);
        return answered(send, new Reply.Failed(new TransportException("cut", null)), 0);
      case 5:
        held = to;
        return answered(send, new Reply.Unstated(), send.bytes());
      case 6:
        return answered(send, new Reply.Failed(throttled()), 0);
      case 7:
        return answered(
            send, new Reply.Failed(new ProtocolException("unreadable reply")), send.bytes());
      case 8: // a server that forgets the session
        session = null;
        return answered(send, new Reply.SessionGone(gone()), 0);
      default: // a handle, whatever the server holds: a lie unless every byte is there
        held = Math.max(held, send.from().value());
        handed = FileHandle.of("4:lie" + sessions);
        return answered(send, new Reply.Completed(handed), send.bytes());
    }
  }

  private Reply offsetReply(SessionId asked) {
    if (!asked.equals(session)) {
      return new Reply.SessionGone(gone());
    }
    int c = choose() % 6;
    if (c == 4) {
      return new Reply.Failed(new TransportException("cut", null));
    } else if (c == 5) {
      return new Reply.Failed(throttled());
    }
    confirmedThisSession = Math.max(confirmedThisSession, held);
    serverConfirmedEveryByte = held == rules.length();
    return new Reply.Offset(FileOffset.of(held));
  }

  private RunEvent answered(Step.Call call, Reply reply, long written) {
    if (reply instanceof Reply.Offset offset && call instanceof Step.Send) {
      confirmedThisSession = Math.max(confirmedThisSession, offset.offset().value());
    }
    if (reply instanceof Reply.Completed completed) {
      handedOut = completed.handle();
    }
    return new RunEvent.Answered(call, reply, written, Duration.ofMillis(1), true);
  }

  private SessionRecord record(Progress progress) {
    return new SessionRecord(
        rules.key(),
        Optional.empty(),
        rules.fingerprint(),
        ENDPOINT,
        AppId.of("1"),
        ApiVersion.DEFAULT,
        progress.session(),
        "clip.mp4",
        rules.length(),
        FileType.MP4,
        new RecordState.InProgress(progress.confirmed()),
        T0,
        T0,
        T0.plus(Duration.ofDays(7)),
        progress.stored() == null ? 1 : progress.stored().revision() + 1);
  }

  private static GraphApiException gone() {
    return new GraphApiException(
        "send",
        400,
        new GraphError(
            100,
            OptionalInt.of(33),
            "GraphMethodException",
            "gone",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        null);
  }

  private static GraphApiException mismatch() {
    return new GraphApiException(
        "send",
        400,
        new GraphError(
            6001,
            OptionalInt.of(1363037),
            "OAuthException",
            "offset",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        null);
  }

  private static GraphApiException throttled() {
    return new GraphApiException(
        "send",
        400,
        new GraphError(
            4,
            OptionalInt.empty(),
            "OAuthException",
            "slow down",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()),
        null);
  }
}
