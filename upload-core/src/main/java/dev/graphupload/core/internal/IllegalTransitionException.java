package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.GraphUploadException;

/** An event that cannot happen in the current state: a bug, never a server's fault. */
public final class IllegalTransitionException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  IllegalTransitionException(UploadState state, UploadEvent event) {
    super(
        "Illegal transition: "
            + event.getClass().getSimpleName()
            + " in state "
            + state.getClass().getSimpleName(),
        FailureKind.FATAL,
        null);
  }
}
