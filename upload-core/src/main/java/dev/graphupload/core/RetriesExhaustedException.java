package dev.graphupload.core;

import java.time.Duration;

/**
 * The upload gave up: failures went on past the {@link RetryPolicy}'s attempts or time. The cause
 * is the last failure. The session record is kept, so running the upload again later resumes.
 */
public final class RetriesExhaustedException extends GraphUploadException {

  private static final long serialVersionUID = 1L;

  private final int attempts;
  private final transient Duration elapsed;

  /**
   * An upload that gave up.
   *
   * @param reason which bound was reached
   * @param attempts how many attempts failed in a row
   * @param elapsed how long the failures lasted
   * @param lastFailure the last failure
   */
  public RetriesExhaustedException(
      String reason, int attempts, Duration elapsed, GraphUploadException lastFailure) {
    super(
        "Gave up after "
            + attempts
            + (attempts == 1 ? " failed attempt" : " failed attempts")
            + " over "
            + Text.duration(elapsed)
            + " ("
            + reason
            + "); last failure: "
            + withoutFinalStop(lastFailure.getMessage())
            + ". Run the upload again to resume from what the server holds.",
        lastFailure.kind(),
        lastFailure);
    this.attempts = attempts;
    this.elapsed = elapsed;
  }

  /**
   * How many attempts failed in a row before giving up.
   *
   * @return the count
   */
  public int attempts() {
    return attempts;
  }

  /**
   * How long the run of failures lasted.
   *
   * @return the time from the first failure to giving up
   */
  public Duration elapsed() {
    return elapsed;
  }

  private static String withoutFinalStop(String message) {
    return message != null && message.endsWith(".")
        ? message.substring(0, message.length() - 1)
        : message;
  }
}
