package dev.graphupload.core;

import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.UploadLock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A store that keeps its records in another and hands out locks of the test's own making. */
class ForwardingStore implements SessionStore {

  private final SessionStore records;
  private final Function<UploadKey, Optional<UploadLock>> locks;

  ForwardingStore(SessionStore records, Function<UploadKey, Optional<UploadLock>> locks) {
    this.records = records;
    this.locks = locks;
  }

  @Override
  public Optional<SessionRecord> find(UploadKey key) {
    return records.find(key);
  }

  @Override
  public SessionRecord save(SessionRecord record) {
    return records.save(record);
  }

  @Override
  public boolean delete(UploadKey key) {
    return records.delete(key);
  }

  @Override
  public List<SessionRecord> list() {
    return records.list();
  }

  @Override
  public Optional<UploadLock> tryLock(UploadKey key) {
    return locks.apply(key);
  }
}
