package dev.graphupload.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * The contract's two-store check fails a store whose upload lock lives only in its own memory: here
 * two stores that share records (one map) but not locks, as a database-backed store that kept the
 * in-process lock would.
 */
class ContractCatchesInProcessLocksTest {

  @Test
  void aStoreWhoseLockIsOnlyInItsOwnMemoryFailsTheTwoStoreCheck() {
    InMemorySessionStore shared = new InMemorySessionStore();
    SessionStoreContract contract =
        new SessionStoreContract() {
          @Override
          protected SessionStore newStore(Clock clock) {
            return shared;
          }

          @Override
          protected SessionStore anotherStoreOnTheSameStorage(Clock clock) {
            // a lock of its own, in its own memory: what a second machine would get
            return new InMemorySessionStore(clock);
          }
        };
    contract.createStore();

    assertThatThrownBy(contract::anUploadLockExcludesAnotherStoreOnTheSameStorage)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("another store over the same storage")
        .hasMessageContaining("two machines upload one file at once");
  }
}
