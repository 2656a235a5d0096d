package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.UploadCancelledException;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.UploadResult.Outcome;
import dev.graphupload.core.internal.UploadEvent.ChunkStarted;
import dev.graphupload.core.internal.UploadEvent.HandleReceived;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.UploadLockedException;
import java.time.Duration;
import java.util.Optional;

/**
 * Every rule of one upload, as one pure function: {@code (rules, progress, event, moment) →
 * transition}. It decides where to start, what each reply means ({@link ReplyRules}), when to ask
 * the server, when to start a new session and when the budget is spent ({@link Budget}); it does no
 * I/O and reads no clock. The {@link UploadRun} performs the steps it returns and feeds back what
 * happened. docs/ARCHITECTURE.md has the table of events, steps and states.
 */
final class UploadMachine {

  /** How often a busy lock is tried again. */
  static final Duration LOCK_POLL = Duration.ofMillis(200);

  static final String EXPIRED = "The upload session expired on the server";

  private UploadMachine() {}

  /**
   * The transition for {@code event}.
   *
   * @param rules what does not change during the upload
   * @param progress where the upload stands
   * @param event what happened
   * @param now when, and a random number for jitter
   * @return the next progress, what to tell, and the next step
   */
  static Transition next(Rules rules, Progress progress, RunEvent event, Moment now) {
    try {
      return dispatch(rules, progress, event, now);
    } catch (ProtocolException lie) {
      return Transition.to(progress, new Step.Fail(lie)); // a server that lies is not retried
    }
  }

  private static Transition dispatch(Rules rules, Progress p, RunEvent event, Moment now) {
    if (event instanceof RunEvent.Begin) {
      return Transition.to(p, new Step.TakeLock());
    } else if (event instanceof RunEvent.LockTaken) {
      return Transition.to(p, new Step.FindRecord());
    } else if (event instanceof RunEvent.LockBusy) {
      return p.elapsed(now.ticks()).compareTo(rules.lockWait()) < 0
          ? Transition.to(p, new Step.Wait(LOCK_POLL, new Step.TakeLock()))
          : fail(p, new UploadLockedException(rules.subject().label(), rules.key()));
    } else if (event instanceof RunEvent.LockLost lost) {
      return fail(p, new LeaseLostException(rules.key(), lost.loss()));
    } else if (event instanceof RunEvent.RecordFound found) {
      return decide(rules, p, found.record(), now);
    } else if (event instanceof RunEvent.ContentCompared compared) {
      return proven(rules, p, compared, now);
    } else if (event instanceof RunEvent.Answered answered) {
      return ReplyRules.answered(rules, answered.responded() ? p.heard() : p, answered, now);
    } else if (event instanceof RunEvent.Recorded recorded) {
      return recorded(p, recorded);
    } else if (event instanceof RunEvent.WaitOver over) {
      return Transition.to(p, over.step().then());
    } else if (event instanceof RunEvent.Cancelled) {
      return fail(p, cancelled(rules.subject().label()));
    }
    throw new IllegalArgumentException("Unknown event " + event);
  }

  // ---- where to start ----

  private static Transition decide(
      Rules rules, Progress p, Optional<SessionRecord> stored, Moment now) {
    ResumeDecision decision = ResumeDecision.of(stored, rules, now.wall());
    if (decision instanceof ResumeDecision.Create) {
      return Transition.to(p, new Step.Create(null));
    } else if (decision instanceof ResumeDecision.Restart restart) {
      return restart(p, restart.previous(), restart.reason(), restart.message());
    } else if (proofOf(decision) != ResumeDecision.Proof.NONE) {
      return Transition.to(p, new Step.CompareContent(decision));
    }
    return goOn(rules, p, decision, now);
  }

  /** The record a decision to reuse or resume goes on from. */
  static SessionRecord recordOf(ResumeDecision decision) {
    return decision instanceof ResumeDecision.Reuse reuse
        ? reuse.record()
        : ((ResumeDecision.Resume) decision).record();
  }

  private static ResumeDecision.Proof proofOf(ResumeDecision decision) {
    if (decision instanceof ResumeDecision.Reuse reuse) {
      return reuse.proof();
    }
    return ((ResumeDecision.Resume) decision).proof();
  }

  /** The file was compared with the record's digests: go on, or start anew if they disagree. */
  private static Transition proven(
      Rules rules, Progress p, RunEvent.ContentCompared compared, Moment now) {
    ResumeDecision decision = compared.step().decision();
    SessionRecord record = recordOf(decision);
    if (compared.difference().isPresent()) {
      return restart(
          p,
          record,
          changed(rules),
          (rules.keyed()
                  ? "Other bytes than its session began with are given under the key '"
                      + rules.subject().quotedKey().orElseThrow()
                      + "' ("
                  : "The file's content changed since it was sent (")
              + compared.difference().get()
              + ")");
    }
    long covered = ContentDigests.covered(record.state().digests());
    long mustCover = decision instanceof ResumeDecision.Reuse ? rules.length() : 0;
    if (proofOf(decision) == ResumeDecision.Proof.REQUIRED && covered < mustCover) {
      return restart(p, record, changed(rules), unproven(rules, covered));
    }
    return goOn(rules, p, decision, now).after(new Notice.ContentMatched(covered));
  }

  private static Transition goOn(Rules rules, Progress p, ResumeDecision decision, Moment now) {
    if (decision instanceof ResumeDecision.Reuse reuse) {
      UploadResult result =
          new UploadResult(
              reuse.handle(),
              reuse.record().sessionId(),
              rules.length(),
              0,
              FileOffset.of(rules.length()),
              Outcome.ALREADY_UPLOADED,
              p.elapsed(now.ticks()));
      return Transition.to(p, new Step.Finish(result)).after(new Notice.Reused(reuse.handle()));
    }
    ResumeDecision.Resume resume = (ResumeDecision.Resume) decision;
    return Transition.to(
        p,
        new Step.AskOffset(
            resume.record().sessionId(), new Step.Purpose.Resume(resume.record(), resume.proof())));
  }

  static String unproven(Rules rules, long covered) {
    return (rules.keyed()
            ? "The bytes given under the key '"
                + rules.subject().quotedKey().orElseThrow()
                + "' cannot be proven to be the bytes its session began with: only the first "
            : "The file was written to or replaced since it was sent (its inode or status-change"
                + " time differs) and only its first ")
        + covered
        + " bytes could be compared with what was sent";
  }

  /** Why a session whose bytes differ from the upload's is not used. */
  static RestartReason changed(Rules rules) {
    return rules.keyed() ? RestartReason.OTHER_CONTENT : RestartReason.FILE_CHANGED;
  }

  /** A stored session cannot be used: a new one in its place. */
  static Transition restart(Progress p, SessionRecord previous, RestartReason reason, String why) {
    return Transition.to(p, new Step.Create(previous))
        .after(new Notice.Restarted(reason, why + "; starting a new upload session"));
  }

  // ---- records ----

  private static Transition recorded(Progress p, RunEvent.Recorded recorded) {
    Transition next = Transition.to(p.withStored(recorded.saved()), recorded.step().then());
    if (recorded.step().entry() instanceof Step.Entry.Fresh fresh) {
      // Recorded before the first byte: a crash from here on resumes this session.
      return next.after(new Notice.SessionCreated(fresh.session()));
    }
    return next;
  }

  // ---- sending ----

  /** Sends the next chunk from the confirmed offset (an empty one asks for a lost handle). */
  static Transition send(Rules rules, Progress p) {
    long from = p.confirmed().value();
    long remaining = rules.length() - from;
    long chunk;
    if (remaining == 0) {
      chunk = 0; // every byte arrived but the handle was lost: an empty request asks for it
    } else if (p.lastSample() == null) {
      chunk = rules.chunkPolicy().firstChunkSize(remaining);
    } else {
      chunk = rules.chunkPolicy().nextChunkSize(remaining, p.lastSample());
    }
    Progress sending = p.on(new ChunkStarted(chunk));
    Step send = new Step.Send(p.session(), p.confirmed(), chunk);
    if (rules.verifyContent()) {
      // digests first: whatever part of these bytes the server keeps, a later run can compare it
      return Transition.to(sending, new Step.Record(new Step.Entry.DigestsTo(from + chunk), send));
    }
    return Transition.to(sending, send);
  }

  /** Records {@code handle} and ends with the result. */
  static Transition finish(Rules rules, Progress p, FileHandle handle, Moment now) {
    Progress done = p.state() instanceof UploadState.Done ? p : p.on(new HandleReceived(handle));
    UploadResult result =
        new UploadResult(
            handle,
            done.session(),
            rules.length(),
            done.bytesSent(),
            done.resumedFrom(),
            done.outcome(),
            done.elapsed(now.ticks()));
    return Transition.to(
        done, new Step.Record(new Step.Entry.Completed(handle), new Step.Finish(result)));
  }

  /** The confirmed offset of the record being resumed. */
  static FileOffset recordedOffset(SessionRecord record) {
    return ((RecordState.InProgress) record.state()).confirmed();
  }

  /** The failure a cancelled upload ends with. */
  static UploadCancelledException cancelled(String label) {
    return new UploadCancelledException(
        "The upload of "
            + label
            + " was cancelled; its session is kept, so uploading it again resumes");
  }

  static Transition fail(Progress p, GraphUploadException failure) {
    return Transition.to(p, new Step.Fail(failure));
  }
}
