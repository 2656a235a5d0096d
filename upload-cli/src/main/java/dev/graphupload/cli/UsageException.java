package dev.graphupload.cli;

/** A mistake in how the command was called: reported in one line, exit code 2. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
