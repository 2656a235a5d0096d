package dev.graphupload.emulator;

import java.util.Optional;

/**
 * One upload session as the emulator holds it: what {@code GET /_emulator/sessions} lists, as a
 * value for tests.
 *
 * @param id the session id, as the create call returned it
 * @param fileName the file name given at creation
 * @param fileLength the declared length
 * @param offset the bytes held so far
 * @param handle the file handle once every byte arrived
 */
public record EmulatedSession(
    String id, String fileName, long fileLength, long offset, Optional<String> handle) {}
