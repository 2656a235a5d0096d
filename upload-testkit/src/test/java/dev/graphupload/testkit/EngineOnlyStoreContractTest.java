package dev.graphupload.testkit;

import dev.graphupload.core.store.ProcessLocks;
import dev.graphupload.core.store.SessionRecords;
import dev.graphupload.core.store.UploadLocks;
import java.time.Clock;

/** The contract holds for a store that implements only what the engine uses. */
class EngineOnlyStoreContractTest extends SessionStoreContract {

  private final ProcessLocks locks = new ProcessLocks();

  @Override
  protected SessionRecords newStore(Clock clock) {
    return new TableRecords(clock);
  }

  @Override
  protected SessionRecords anotherStoreOnTheSameStorage(Clock clock) {
    return store; // one process's memory: no second store shares it
  }

  @Override
  protected UploadLocks locksOf(SessionRecords records) {
    return locks;
  }
}
