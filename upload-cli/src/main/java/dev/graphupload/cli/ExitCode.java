package dev.graphupload.cli;

import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.HttpStatusException;
import dev.graphupload.core.InvalidFileException;
import dev.graphupload.core.RetriesExhaustedException;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.UploadCancelledException;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.LockLoss;
import dev.graphupload.core.store.SessionStoreException;

/** The command's exit codes (DESIGN §6) and how failures map onto them. */
final class ExitCode {

  static final int DONE = 0;
  static final int UNEXPECTED = 1;
  static final int USAGE = 2;
  static final int REJECTED = 3;
  static final int GAVE_UP = 4;

  /** After SIGINT (Ctrl-C); after SIGTERM the code is {@link Signals#SIGTERM_EXIT}. */
  static final int INTERRUPTED = 130;

  private ExitCode() {}

  static int of(Throwable failure) {
    if (failure instanceof UploadCancelledException) {
      return Signals.interruptedExitCode();
    }
    if (failure instanceof InvalidFileException || failure instanceof SessionStoreException) {
      return USAGE;
    }
    if (failure instanceof RetriesExhaustedException
        || (failure instanceof LeaseLostException lost
            && lost.lossCause() == LockLoss.Cause.STORE_UNREACHABLE)) {
      return GAVE_UP; // a store out of reach past the lease is given up on like a server
    }
    if (failure instanceof GraphApiException || failure instanceof HttpStatusException) {
      return REJECTED;
    }
    if (failure instanceof GraphUploadException e) {
      // fatal transport errors (a refused plain-HTTP URL) are the user's to fix; protocol
      // errors mean the server broke its side
      return e instanceof TransportException ? USAGE : REJECTED;
    }
    return UNEXPECTED;
  }

  /** The worst of two codes: interrupted, then unexpected, then the highest. */
  static int worst(int a, int b) {
    if (a == INTERRUPTED
        || b == INTERRUPTED
        || a == Signals.SIGTERM_EXIT
        || b == Signals.SIGTERM_EXIT) {
      return Signals.interruptedExitCode();
    }
    if (a == UNEXPECTED || b == UNEXPECTED) {
      return UNEXPECTED;
    }
    return Math.max(a, b);
  }
}
