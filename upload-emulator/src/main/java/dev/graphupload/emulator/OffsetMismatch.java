package dev.graphupload.emulator;

/** What the emulator does with a {@code file_offset} that differs from its own. */
public enum OffsetMismatch {
  /** Refuse it with Graph error 100, subcode 1363037, stating the server's offset (default). */
  REFUSE,
  /**
   * Accept a re-send that overlaps bytes already held: the overlap is compared with what is stored
   * (a difference is refused) and skipped. An offset past the server's is still refused.
   */
  ACCEPT_OVERLAP
}
