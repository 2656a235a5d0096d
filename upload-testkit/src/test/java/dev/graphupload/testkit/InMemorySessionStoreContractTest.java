package dev.graphupload.testkit;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionRecords;
import dev.graphupload.core.store.SessionStore;
import java.time.Clock;

class InMemorySessionStoreContractTest extends SessionStoreContract {

  @Override
  protected SessionStore newStore(Clock clock) {
    return new InMemorySessionStore(clock);
  }

  @Override
  protected SessionRecords anotherStoreOnTheSameStorage(Clock clock) {
    return store; // its storage is its own memory: no second store shares it
  }
}
