package dev.graphupload.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionAdmin;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionRecords;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.core.store.UploadLocks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionStore} must do. Extend it and implement {@link #newStore} and {@link
 * #anotherStoreOnTheSameStorage}:
 *
 * <pre>{@code
 * class MyStoreContractTest extends SessionStoreContract {
 *   protected SessionStore newStore(Clock clock) { return new MyStore(table, clock); }
 *   protected SessionStore anotherStoreOnTheSameStorage(Clock clock) {
 *     return new MyStore(table, clock); // as another process or machine would open it
 *   }
 * }
 * }</pre>
 *
 * <p>Each test gets a new, empty store whose records expire by {@link #clock}. Every assertion says
 * in words which property of a store broke.
 */
public abstract class SessionStoreContract {

  /** The time of the store under test; tests move it to expire records. */
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

  /** The store under test. */
  protected SessionRecords store;

  /**
   * A new, empty store whose records expire by {@code clock}.
   *
   * <p>A whole {@link SessionStore} is tested in every role. A store written for the upload engine
   * alone returns its {@link SessionRecords}; its locks come from {@link #locksOf}, and the listing
   * and forgetting tests are skipped unless it is a {@link SessionAdmin} too.
   *
   * @param clock the store's time
   * @return the store
   */
  protected abstract SessionRecords newStore(Clock clock);

  /**
   * A second store over the same backing storage as the last {@link #newStore} — the same
   * directory, database or Redis prefix — as another process or machine would open it. Its locks
   * must exclude the first store's: an upload lock kept only in this process's memory lets two
   * machines upload one file at once. A store that only ever lives in one process (the in-memory
   * store) returns {@link #store} itself.
   *
   * @param clock the store's time
   * @return the second store
   */
  protected abstract SessionRecords anotherStoreOnTheSameStorage(Clock clock);

  /**
   * The locks that go with {@code records}: the store itself when it is also {@link UploadLocks}
   * (as every {@link SessionStore} is). Override for a store whose locks are a separate object.
   *
   * @param records a store made by {@link #newStore} or {@link #anotherStoreOnTheSameStorage}
   * @return its locks
   */
  protected UploadLocks locksOf(SessionRecords records) {
    assertThat(records)
        .as(
            "a store's records come with its upload locks: implement UploadLocks, or override"
                + " locksOf")
        .isInstanceOf(UploadLocks.class);
    return (UploadLocks) records;
  }

  private SessionAdmin admin() {
    assumeTrue(store instanceof SessionAdmin, "the store does not list or forget records");
    return (SessionAdmin) store;
  }

  @BeforeEach
  void createStore() {
    store = newStore(clock);
  }

  private SessionRecord record(String name) {
    return TestRecords.record(name, clock.instant());
  }

  @Test
  void roundTripsEveryFieldOfEachState() {
    SessionRecord saved = store.save(record("a.mp4"));
    assertThat(store.find(saved.key()))
        .as("a saved in-progress record reads back with every field as written")
        .contains(saved);
    assertThat(saved.revision()).as("a first save returns revision 1").isEqualTo(1);

    SessionRecord done =
        store.save(
            saved.withState(
                new RecordState.Completed(
                    FileHandle.of("2:YS5tcDQ=:video/mp4:GK:e:1900000000:ARZ"), clock.instant()),
                clock.instant(),
                saved.expiresAt()));

    assertThat(store.find(saved.key()))
        .as("a completed record reads back with its handle and time as written")
        .contains(done);
    assertThat(done.state()).isInstanceOf(RecordState.Completed.class);
    assertThat(done.revision()).as("each save adds 1 to the revision").isEqualTo(2);
  }

  @Test
  void findsARecordByItsKeyOnly() {
    SessionRecord a = store.save(record("a.mp4"));
    SessionRecord b = store.save(record("b.mp4"));

    assertThat(store.find(a.key())).as("find returns the record of its key").contains(a);
    assertThat(store.find(b.key())).as("find returns the record of its key").contains(b);
    assertThat(store.find(record("c.mp4").key()))
        .as("find returns nothing for a key never saved")
        .isEmpty();
  }

  @Test
  void listsEveryLiveRecord() {
    SessionRecord a = store.save(record("a.mp4"));
    SessionRecord b = store.save(record("b.mp4"));

    assertThat(admin().list())
        .as("list returns every live record, once")
        .containsExactlyInAnyOrder(a, b);
  }

  @Test
  void deletesARecord() {
    SessionRecord a = store.save(record("a.mp4"));

    assertThat(admin().delete(a.key())).as("delete says it removed a record").isTrue();
    assertThat(admin().delete(a.key())).as("delete says there was nothing to remove").isFalse();
    assertThat(store.find(a.key())).as("a deleted record is gone from find").isEmpty();
    assertThat(admin().list()).as("a deleted record is gone from list").isEmpty();
  }

  @Test
  void aStaleWriterGetsAConflictAndOverwritesNothing() {
    SessionRecord first = store.save(record("a.mp4"));
    SessionRecord second =
        store.save(
            first.withState(
                new RecordState.InProgress(FileOffset.of(2000)),
                clock.instant(),
                first.expiresAt()));

    assertThatThrownBy(
            () ->
                store.save(
                    first.withState(
                        new RecordState.InProgress(FileOffset.of(1500)),
                        clock.instant(),
                        first.expiresAt())))
        .isInstanceOfSatisfying(
            SessionConflictException.class,
            e -> {
              assertThat(e.expectedRevision()).isEqualTo(1);
              assertThat(e.actualRevision()).isEqualTo(2);
            });
    assertThat(store.find(first.key()))
        .as("a stale writer's refused save changed nothing")
        .contains(second);
  }

  @Test
  void aNewRecordIsSavedOnlyWhereThereIsNone() {
    store.save(record("a.mp4"));

    assertThatThrownBy(() -> store.save(record("a.mp4")))
        .isInstanceOf(SessionConflictException.class);
  }

  @Test
  void forgetsRecordsPastTheirExpiry() {
    SessionRecord a = store.save(record("a.mp4"));

    clock.advance(Duration.ofHours(1));

    assertThat(store.find(a.key())).as("an expired record is gone from find").isEmpty();
    assertThat(admin().list()).as("an expired record is gone from list").isEmpty();
    assertThat(store.save(record("a.mp4")).revision())
        .as("an expired record counts as none")
        .isEqualTo(1);
  }

  @Test
  void concurrentWritersLoseNoUpdate() throws Exception {
    SessionRecord start = store.save(record("a.mp4"));
    int threads = 8;
    int incrementsEach = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> conflicts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      conflicts.add(pool.submit(() -> incrementOffset(store, start.key(), incrementsEach)));
    }
    for (Future<Integer> f : conflicts) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();

    SessionRecord end = store.find(start.key()).orElseThrow();
    assertThat(((RecordState.InProgress) end.state()).confirmed().value())
        .as(
            "lost updates: %d writers added 1 each %d times with compare-and-set, so the offset"
                + " must have grown by %d; a smaller value means a save overwrote another"
                + " without a conflict",
            threads, incrementsEach, threads * incrementsEach)
        .isEqualTo(1234 + threads * incrementsEach);
    assertThat(end.revision())
        .as("every successful save adds exactly 1 to the revision")
        .isEqualTo(1 + threads * incrementsEach);
  }

  /**
   * Adds 1 to a record's confirmed offset {@code times} times, retrying on conflicts.
   *
   * @param store the store
   * @param key the record
   * @param times how many increments
   * @return how many conflicts were met
   */
  public static int incrementOffset(SessionRecords store, UploadKey key, int times) {
    int conflictCount = 0;
    for (int done = 0; done < times; ) {
      SessionRecord current = store.find(key).orElseThrow();
      long offset = ((RecordState.InProgress) current.state()).confirmed().value();
      try {
        store.save(
            current.withState(
                new RecordState.InProgress(FileOffset.of(offset + 1)),
                current.updatedAt(),
                current.expiresAt()));
        done++;
      } catch (SessionConflictException e) {
        conflictCount++;
      }
    }
    return conflictCount;
  }

  @Test
  void anUploadLockIsHeldByOneUploaderUntilReleased() {
    UploadKey key = record("a.mp4").key();

    Optional<UploadLock> first = locksOf(store).tryLock(key);
    assertThat(first).as("a free upload lock is taken").isPresent();
    assertThat(locksOf(store).tryLock(key))
        .as("a held upload lock is refused to a second uploader")
        .isEmpty();
    assertThat(locksOf(store).tryLock(record("b.mp4").key()))
        .as("the lock of one file does not hold another's")
        .isPresent()
        .get()
        .satisfies(UploadLock::close);

    first.get().close();
    first.get().close(); // idempotent

    Optional<UploadLock> again = locksOf(store).tryLock(key);
    assertThat(again).as("a released upload lock can be taken again").isPresent();
    again.get().close();
  }

  @Test
  void anUploadLockExcludesAnotherStoreOnTheSameStorage() {
    UploadKey key = record("a.mp4").key();
    SessionRecords other = anotherStoreOnTheSameStorage(clock);
    try {
      Optional<UploadLock> first = locksOf(store).tryLock(key);
      assertThat(first).as("a free upload lock is taken").isPresent();
      assertThat(locksOf(other).tryLock(key))
          .as(
              "another store over the same storage (another process or machine) is refused the"
                  + " lock this one holds; a lock kept only in this store's memory lets two"
                  + " machines upload one file at once")
          .isEmpty();
      first.get().close();
      Optional<UploadLock> theirs = locksOf(other).tryLock(key);
      assertThat(theirs)
          .as("once released, the upload lock can be taken by another store on the same storage")
          .isPresent();
      theirs.get().close();
    } finally {
      if (other != store && other instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // the test's own second store
        }
      }
    }
  }
}
