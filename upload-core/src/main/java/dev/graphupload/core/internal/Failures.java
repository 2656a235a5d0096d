package dev.graphupload.core.internal;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.TransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns whatever a future failed with into the library's exception family. */
final class Failures {

  private Failures() {}

  static GraphUploadException toUploadException(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof GraphUploadException e) {
      return e;
    }
    if (t instanceof TimeoutException) {
      return new TransportException("The request timed out", t);
    }
    if (t instanceof CancellationException) {
      return new TransportException("The request was cancelled by the transport", t);
    }
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      return new TransportException(
          "The connection failed: " + t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    }
    return new GraphUploadException(
        "Unexpected failure: " + t.getClass().getName() + ": " + t.getMessage(),
        FailureKind.FATAL,
        t);
  }
}
