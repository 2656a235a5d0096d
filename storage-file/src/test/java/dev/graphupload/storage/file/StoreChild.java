package dev.graphupload.storage.file;

import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.testkit.SessionStoreContract;
import dev.graphupload.testkit.TestRecords;
import java.nio.file.Path;
import java.time.Instant;

/** A separate JVM working on a store, for the cross-process and crash tests. */
public final class StoreChild {

  private StoreChild() {}

  /**
   * {@code lock DIR NAME}: take the upload lock and hold it until killed. {@code lock-and-save DIR
   * NAME}: the same, with a save of the record once the lock is held. {@code increment DIR NAME N}:
   * add 1 to the record's offset N times. {@code save-forever DIR NAME}: save ever larger offsets,
   * printing {@code saved N} after each save returns, until killed.
   */
  public static void main(String[] args) throws Exception {
    FileSessionStore store = FileSessionStore.open(Path.of(args[1]));
    SessionRecord template = TestRecords.record(args[2], Instant.now());
    UploadKey key = template.key();
    switch (args[0]) {
      case "lock" -> {
        var lock = store.tryLock(key);
        System.out.println(lock.isPresent() ? "locked" : "busy");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      case "lock-and-save" -> {
        var lock = store.tryLock(key);
        store.save(template);
        System.out.println(lock.isPresent() ? "locked and saved" : "busy");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
      }
      case "increment" -> {
        SessionStoreContract.incrementOffset(store, key, Integer.parseInt(args[3]));
        System.out.println("done");
      }
      case "save-forever" -> {
        while (true) {
          SessionRecord current = store.find(key).orElse(null);
          SessionRecord next =
              current == null
                  ? template
                  : current.withState(
                      new RecordState.InProgress(
                          ((RecordState.InProgress) current.state()).confirmed().plus(1)),
                      current.updatedAt(),
                      current.expiresAt());
          store.save(next);
          System.out.println(
              "saved " + ((RecordState.InProgress) next.state()).confirmed().value());
          System.out.flush();
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }
}
