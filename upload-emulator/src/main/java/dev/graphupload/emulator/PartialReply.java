package dev.graphupload.emulator;

/** How the emulator answers a send that leaves bytes still to come. */
public enum PartialReply {
  /** HTTP 200 with {@code {"id":…,"file_offset":n}} (default). */
  OFFSET_JSON,
  /** HTTP 200 with an empty body. */
  EMPTY_BODY,
  /** HTTP 206 with a Graph error envelope saying the request was partial. */
  STATUS_206,
  /** HTTP 200 with {@code {"success":true}}: accepted, how far unsaid. */
  SUCCESS,
  /** HTTP 200 with {@code {}}. */
  EMPTY_OBJECT
}
