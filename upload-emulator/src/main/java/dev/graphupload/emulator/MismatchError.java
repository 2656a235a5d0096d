package dev.graphupload.emulator;

/** How the emulator spells its refusal of a {@code file_offset} that differs from its own. */
public enum MismatchError {
  /**
   * Code 100, subcode 1363037, {@code error_data: {"file_offset": n}} (default): the emulator's
   * first spelling, with the parameter-error code.
   */
  CODE_100,
  /**
   * Code 6001, subcode 1363037, {@code error_data: {"start_offset": n, "end_offset": m}}: the
   * spelling public client code expects of Graph's upload errors.
   */
  CODE_6001
}
