package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.RestartReason;
import dev.graphupload.core.ServerReplyException;
import dev.graphupload.core.internal.UploadEvent.HandleReceived;
import dev.graphupload.core.internal.UploadEvent.OffsetReported;
import dev.graphupload.core.internal.UploadEvent.OffsetUnstated;
import dev.graphupload.core.internal.UploadEvent.RequestFailed;
import dev.graphupload.core.internal.UploadEvent.SessionLost;
import java.util.function.Function;

/**
 * What each reply means, call by call: the part of the {@link UploadMachine} that reads the
 * server's answers. Pure. Whatever leaves the offset in doubt is settled by asking the server; a
 * handle is success only once the server says it holds every byte.
 */
final class ReplyRules {

  private ReplyRules() {}

  static Transition answered(Rules rules, Progress p, RunEvent.Answered answered, Moment now) {
    Step.Call call = answered.call();
    if (call instanceof Step.Create create) {
      return created(rules, p, create, answered.reply(), now);
    } else if (call instanceof Step.Send send) {
      return sent(rules, p, send, answered, now);
    }
    Step.AskOffset ask = (Step.AskOffset) call;
    if (ask.purpose() instanceof Step.Purpose.Resume resume) {
      return resumeFrom(rules, p, ask, resume, answered.reply(), now);
    } else if (ask.purpose() instanceof Step.Purpose.Resync resync) {
      return resynced(rules, p, ask, resync.counted(), answered.reply(), now);
    }
    FileHandle handle = ((Step.Purpose.VerifyHandle) ask.purpose()).handle();
    return verified(rules, p, ask, handle, answered.reply(), now);
  }

  // ---- create: a session, recorded before the first byte ----

  private static Transition created(
      Rules rules, Progress p, Step.Create create, Reply reply, Moment now) {
    if (reply instanceof Reply.Created created) {
      Transition sending = UploadMachine.send(rules, p.created(created.session(), rules.length()));
      Step.Entry fresh = new Step.Entry.Fresh(created.session(), create.previous());
      return Transition.to(sending.progress(), new Step.Record(fresh, sending.step()));
    }
    return failed(rules, p, create, reply, now, Budget.with(create));
  }

  // ---- send: until the server returns a handle ----

  private static Transition sent(
      Rules rules, Progress p, Step.Send send, RunEvent.Answered answered, Moment now) {
    Reply reply = answered.reply();
    boolean taken =
        reply instanceof Reply.Offset
            || reply instanceof Reply.Completed
            || reply instanceof Reply.Unstated;
    Progress q = p.sent(send.bytes(), answered.written(), answered.took(), taken);
    if (reply instanceof Reply.Offset accepted) {
      FileOffset before = q.confirmed();
      return confirmed(
          rules,
          q.on(new OffsetReported(accepted.offset())),
          before,
          r -> UploadMachine.send(rules, r));
    } else if (reply instanceof Reply.Completed completed) {
      q.on(new HandleReceived(completed.handle())); // a handle before the last byte was sent: a lie
      Progress unsure = q.on(new OffsetUnstated());
      if (answered.written() >= send.bytes() && !rules.verifyHandles()) {
        return UploadMachine.finish(rules, unsure, completed.handle(), now);
      }
      return Transition.to(
          unsure,
          new Step.AskOffset(send.session(), new Step.Purpose.VerifyHandle(completed.handle())));
    } else if (reply instanceof Reply.Unstated) {
      return Transition.to(
          q.on(new OffsetUnstated()),
          new Step.AskOffset(send.session(), new Step.Purpose.Resync(false)));
    } else if (reply instanceof Reply.SessionGone gone) {
      return sessionLost(rules, q, gone.error(), now);
    }
    Step resync = new Step.AskOffset(send.session(), new Step.Purpose.Resync(true));
    return failed(rules, q.on(new RequestFailed()), send, reply, now, Budget.with(resync));
  }

  // ---- the server's offset, asked for one of three reasons ----

  private static Transition resumeFrom(
      Rules rules,
      Progress p,
      Step.AskOffset ask,
      Step.Purpose.Resume resume,
      Reply reply,
      Moment now) {
    if (reply instanceof Reply.Offset at) {
      long covered = ContentDigests.covered(resume.record().state().digests());
      if (resume.proof() == ResumeDecision.Proof.REQUIRED && at.offset().value() > covered) {
        return UploadMachine.restart(
            p,
            resume.record(),
            UploadMachine.changed(rules),
            UploadMachine.unproven(rules, covered));
      }
      FileOffset recorded = UploadMachine.recordedOffset(resume.record());
      Progress q = p.resumed(resume.record(), recorded, at.offset(), rules.length());
      return confirmed(rules, q, recorded, r -> UploadMachine.send(rules, r))
          .after(new Notice.Resumed(ask.session(), at.offset()));
    } else if (reply instanceof Reply.SessionGone) {
      return UploadMachine.restart(
          p, resume.record(), RestartReason.SESSION_EXPIRED, UploadMachine.EXPIRED);
    }
    return failed(rules, p, ask, reply, now, Budget.with(ask));
  }

  /**
   * After a send that left the offset in doubt. A success that said not how far and moved nothing
   * on counts once against the budget, so a server that accepts and keeps nothing ends.
   */
  private static Transition resynced(
      Rules rules, Progress p, Step.AskOffset ask, boolean counted, Reply reply, Moment now) {
    if (reply instanceof Reply.Offset at) {
      FileOffset before = p.confirmed();
      boolean moved = before.isBefore(at.offset());
      return confirmed(
          rules,
          p.on(new OffsetReported(at.offset())),
          before,
          r ->
              counted || moved
                  ? UploadMachine.send(rules, r)
                  : Budget.retry(
                      rules,
                      r,
                      FailureRules.outOfSync(
                          new ProtocolException(
                              "The server accepted bytes but holds no more than before ("
                                  + at.offset()
                                  + ")")),
                      now,
                      s -> UploadMachine.send(rules, s)));
    } else if (reply instanceof Reply.SessionGone gone) {
      return sessionLost(rules, p, gone.error(), now);
    }
    return failed(rules, p, ask, reply, now, Budget.with(ask));
  }

  /** After a handle: the server must hold every byte, or say it cannot tell. */
  private static Transition verified(
      Rules rules, Progress p, Step.AskOffset ask, FileHandle handle, Reply reply, Moment now) {
    if (reply instanceof Reply.Offset at && at.offset().value() == rules.length()) {
      return UploadMachine.finish(rules, p, handle, now);
    } else if (reply instanceof Reply.Offset at) {
      FileOffset before = p.confirmed();
      ProtocolException partial = Records.partialHandle(at.offset(), rules.length());
      return confirmed(
          rules,
          p.on(new OffsetReported(at.offset())),
          before,
          r ->
              Budget.retry(
                  rules,
                  r,
                  FailureRules.outOfSync(partial),
                  now,
                  s -> UploadMachine.send(rules, s)));
    } else if (reply instanceof Reply.SessionGone gone) {
      return unverified(rules, p, handle, gone.error().getMessage(), now);
    } else if (reply instanceof Reply.Failed failed
        && failed.failure() instanceof ServerReplyException refused
        && !refused.isRetryable()) {
      return unverified(rules, p, handle, refused.getMessage(), now);
    }
    return failed(rules, p, ask, reply, now, Budget.with(ask));
  }

  private static Transition unverified(
      Rules rules, Progress p, FileHandle handle, String why, Moment now) {
    return UploadMachine.finish(rules, p, handle, now)
        .after(new Notice.HandleUnverified(handle, why));
  }

  // ---- shared ----

  /**
   * The server confirmed {@code p}'s offset, which was {@code before}: refill the budget if it
   * moved on, tell, record it, then go on with {@code then}.
   */
  private static Transition confirmed(
      Rules rules, Progress p, FileOffset before, Function<Progress, Transition> then) {
    Progress q = before.isBefore(p.confirmed()) ? p.progressed() : p;
    Transition next = then.apply(q);
    return new Transition(
            next.progress(),
            next.notices(),
            new Step.Record(new Step.Entry.Confirmed(), next.step()))
        .after(new Notice.Confirmed(q.confirmed(), rules.length()));
  }

  /** The server forgot the session mid-upload: a surprise that draws on the budget. */
  private static Transition sessionLost(
      Rules rules, Progress p, GraphApiException gone, Moment now) {
    Progress lost = p.on(new SessionLost());
    return Budget.retry(
        rules,
        lost,
        FailureRules.outOfSync(gone),
        now,
        q ->
            UploadMachine.restart(
                q, lost.stored(), RestartReason.SESSION_EXPIRED, UploadMachine.EXPIRED));
  }

  private static Transition failed(
      Rules rules,
      Progress p,
      Step.Call call,
      Reply reply,
      Moment now,
      Function<Progress, Transition> again) {
    if (!(reply instanceof Reply.Failed failed)) {
      return UploadMachine.fail(
          p, new ProtocolException("The server's reply " + reply + " makes no sense here"));
    }
    return Budget.retry(
        rules, p, FailureRules.of(call, failed.failure(), p.heardFromServer()), now, again);
  }
}
