package dev.graphupload.core.internal;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;

/** What a successful send-bytes reply said. */
sealed interface SendReply {

  /** Every byte arrived: the file's handle. */
  record Handle(FileHandle handle) implements SendReply {}

  /** A chunk was accepted and the server holds the file up to {@code offset}. */
  record Offset(FileOffset offset) implements SendReply {}

  /** The chunk was accepted but the reply did not say how far the server got. */
  record Unstated() implements SendReply {}
}
