package dev.graphupload.core.store;

import dev.graphupload.core.UploadKey;
import java.util.List;

/**
 * Listing and forgetting records: the port that tools use (the command's {@code sessions} and
 * {@code status}, a health check), never the upload engine.
 *
 * <p>Records past {@link SessionRecord#expiresAt()} are never listed. Implementations are thread
 * safe.
 */
public interface SessionAdmin {

  /**
   * Forgets a record.
   *
   * @param key the upload's key
   * @return {@code true} if there was a record to forget
   */
  boolean delete(UploadKey key);

  /**
   * Every live record, in no particular order.
   *
   * @return the records
   */
  List<SessionRecord> list();
}
