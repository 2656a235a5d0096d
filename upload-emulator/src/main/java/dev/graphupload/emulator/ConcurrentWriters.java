package dev.graphupload.emulator;

/** What happens when a send arrives for a session another request is still writing to. */
public enum ConcurrentWriters {
  /**
   * The newer request wins: the older connection is closed (the bytes it delivered are kept), so a
   * client whose connection half-died can resume at once (default).
   */
  NEWER_WINS,
  /** The newer request is refused with a transient Graph error; the older one goes on. */
  REFUSE_NEWER
}
