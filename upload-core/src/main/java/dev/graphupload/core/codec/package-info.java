/**
 * The JSON form of a session record, shared by the stores that keep records as text (files, Redis):
 * {@link dev.graphupload.core.codec.SessionRecordCodec}.
 */
package dev.graphupload.core.codec;
