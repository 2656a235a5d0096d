package dev.graphupload.cli;

/** A mistake in how the command was called: reported in one line, exit code 2. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Whether the session store could not be opened (the command had not begun any file). */
  private final boolean storeUnavailable;

  UsageException(String message) {
    this(message, false);
  }

  private UsageException(String message, boolean storeUnavailable) {
    super(message, null, false, false);
    this.storeUnavailable = storeUnavailable;
  }

  /** The session store could not be opened: every file of the command fails with this. */
  static UsageException storeUnavailable(String message) {
    return new UsageException(message, true);
  }

  boolean isStoreUnavailable() {
    return storeUnavailable;
  }
}
