package dev.graphupload.storage.file;

import dev.graphupload.core.store.SessionStore;
import dev.graphupload.testkit.SessionStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreContractTest extends SessionStoreContract {

  @TempDir Path dir;

  @Override
  protected SessionStore newStore(Clock clock) {
    return FileSessionStore.open(dir.resolve("sessions"), clock);
  }

  @Override
  protected SessionStore anotherStoreOnTheSameStorage(Clock clock) {
    return FileSessionStore.open(dir.resolve("sessions"), clock);
  }
}
