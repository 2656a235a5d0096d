package dev.graphupload.core.internal;

import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.UploadSubject;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What the {@link UploadMachine} knows of one upload that never changes while it runs: the upload
 * as checked, and the uploader's policies. Pure values only: no transport, store or clock.
 *
 * @param key the upload's key in the store
 * @param endpoint the Graph endpoint the uploader was configured with: the only one it calls
 * @param subject the upload as checked
 * @param fingerprint the file's fingerprint when the upload began, or empty for other sources
 * @param chunkPolicy how many bytes each send carries
 * @param retryPolicy when to retry
 * @param verifyHandles whether a handle is accepted only once the server confirms every byte
 * @param verifyContent whether digests are kept and compared before a resume (always, for an upload
 *     with a caller's key: its digests are what proves the bytes are the same)
 * @param handleLifetime how long a handle without its own expiry is reused
 * @param lockWait how long to wait for another upload of the same file
 */
record Rules(
    UploadKey key,
    URI endpoint,
    UploadSubject subject,
    Optional<Fingerprint> fingerprint,
    ChunkPolicy chunkPolicy,
    RetryPolicy retryPolicy,
    boolean verifyHandles,
    boolean verifyContent,
    Duration handleLifetime,
    Duration lockWait) {

  /** The rules of an upload of {@code subject} by the uploader of {@code ctx}. */
  static Rules of(UploadContext ctx, UploadSubject subject, Optional<Fingerprint> fingerprint) {
    UploadKey key =
        subject
            .key()
            .map(k -> UploadKey.forKey(ctx.endpoint(), ctx.appId(), k))
            .orElseGet(
                () -> UploadKey.of(ctx.endpoint(), ctx.appId(), subject.file().orElseThrow()));
    return new Rules(
        key,
        ctx.endpoint(),
        subject,
        fingerprint,
        ctx.chunkPolicy(),
        ctx.retryPolicy(),
        ctx.verifyHandles(),
        ctx.verifyContent() || subject.key().isPresent(),
        ctx.handleLifetime(),
        ctx.lockWait());
  }

  /** The upload's length. */
  long length() {
    return subject.length();
  }

  /** Whether the upload is resumed by a caller's key rather than by its file. */
  boolean keyed() {
    return subject.key().isPresent();
  }
}
