package dev.graphupload.core.store;

import dev.graphupload.core.UploadKey;
import java.util.Optional;

/**
 * The right to upload a file, one uploader at a time: the port the upload engine takes its lock
 * through before it looks a record up.
 *
 * <p>Implementations are thread safe and may block: the engine calls them on its store executor.
 */
public interface UploadLocks {

  /**
   * Takes the right to upload the file of {@code key}, if nobody holds it. Locks shared by several
   * processes (files, Redis) must make this hold across them; locks used by one process can return
   * what a {@link ProcessLocks} of their own gives.
   *
   * @param key the upload's key
   * @return the lock, or empty when another uploader holds it
   */
  Optional<UploadLock> tryLock(UploadKey key);
}
