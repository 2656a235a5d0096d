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

/**
 * Turns whatever a future failed with into the library's exception family: the one place that
 * unwraps {@link CompletionException} and {@link ExecutionException}.
 */
public final class Failures {

  private Failures() {}

  /**
   * The failure inside any {@link CompletionException} or {@link ExecutionException} wrappers.
   *
   * @param failure what a future failed with
   * @return the innermost cause that is not a wrapper
   */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * The library's exception for what a future failed with.
   *
   * @param failure what it failed with
   * @return a {@link GraphUploadException}: the failure itself if it is one
   */
  public static GraphUploadException toUploadException(Throwable failure) {
    Throwable t = unwrap(failure);
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
