package dev.graphupload.testkit;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import java.time.Clock;

class InMemorySessionStoreContractTest extends SessionStoreContract {

  @Override
  protected SessionStore newStore(Clock clock) {
    return new InMemorySessionStore(clock);
  }
}
