package dev.graphupload.core.internal;

import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.Fingerprint;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.UploadKey;
import java.time.Duration;

/**
 * What the {@link UploadMachine} knows of one upload that never changes while it runs: the file as
 * checked, and the uploader's policies. Pure values only: no transport, store or clock.
 *
 * @param key the upload's key in the store
 * @param source the file as checked
 * @param fingerprint the file's fingerprint when the upload began
 * @param chunkPolicy how many bytes each send carries
 * @param retryPolicy when to retry
 * @param verifyHandles whether a handle is accepted only once the server confirms every byte
 * @param verifyContent whether digests are kept and compared before a resume
 * @param handleLifetime how long a handle without its own expiry is reused
 * @param lockWait how long to wait for another upload of the same file
 */
record Rules(
    UploadKey key,
    SourceFile source,
    Fingerprint fingerprint,
    ChunkPolicy chunkPolicy,
    RetryPolicy retryPolicy,
    boolean verifyHandles,
    boolean verifyContent,
    Duration handleLifetime,
    Duration lockWait) {

  /** The rules of an upload of {@code source} by the uploader of {@code ctx}. */
  static Rules of(UploadContext ctx, SourceFile source, Fingerprint fingerprint) {
    return new Rules(
        UploadKey.of(ctx.endpoint(), ctx.appId(), source.path()),
        source,
        fingerprint,
        ctx.chunkPolicy(),
        ctx.retryPolicy(),
        ctx.verifyHandles(),
        ctx.verifyContent(),
        ctx.handleLifetime(),
        ctx.lockWait());
  }

  /** The file's length. */
  long length() {
    return source.length();
  }
}
