package dev.graphupload.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionConflictException;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.UploadLock;
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
 * What every {@link SessionStore} must do. Extend it and implement {@link #newStore}:
 *
 * <pre>{@code
 * class MyStoreContractTest extends SessionStoreContract {
 *   protected SessionStore newStore(Clock clock) { return new MyStore(clock); }
 * }
 * }</pre>
 *
 * <p>Each test gets a new, empty store whose records expire by {@link #clock}.
 */
public abstract class SessionStoreContract {

  /** The time of the store under test; tests move it to expire records. */
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

  /** The store under test. */
  protected SessionStore store;

  /**
   * A new, empty store whose records expire by {@code clock}.
   *
   * @param clock the store's time
   * @return the store
   */
  protected abstract SessionStore newStore(java.time.Clock clock);

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
    assertThat(store.find(saved.key())).contains(saved);
    assertThat(saved.revision()).isEqualTo(1);

    SessionRecord done =
        store.save(
            saved.withState(
                new RecordState.Completed(
                    FileHandle.of("2:YS5tcDQ=:video/mp4:GK:e:1900000000:ARZ"), clock.instant()),
                clock.instant(),
                saved.expiresAt()));

    assertThat(store.find(saved.key())).contains(done);
    assertThat(done.state()).isInstanceOf(RecordState.Completed.class);
    assertThat(done.revision()).isEqualTo(2);
  }

  @Test
  void findsARecordByItsKeyOnly() {
    SessionRecord a = store.save(record("a.mp4"));
    SessionRecord b = store.save(record("b.mp4"));

    assertThat(store.find(a.key())).contains(a);
    assertThat(store.find(b.key())).contains(b);
    assertThat(store.find(record("c.mp4").key())).isEmpty();
  }

  @Test
  void listsEveryLiveRecord() {
    SessionRecord a = store.save(record("a.mp4"));
    SessionRecord b = store.save(record("b.mp4"));

    assertThat(store.list()).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void deletesARecord() {
    SessionRecord a = store.save(record("a.mp4"));

    assertThat(store.delete(a.key())).isTrue();
    assertThat(store.delete(a.key())).isFalse();
    assertThat(store.find(a.key())).isEmpty();
    assertThat(store.list()).isEmpty();
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
    assertThat(store.find(first.key())).contains(second);
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

    assertThat(store.find(a.key())).isEmpty();
    assertThat(store.list()).isEmpty();
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
        .isEqualTo(1234 + threads * incrementsEach);
    assertThat(end.revision()).isEqualTo(1 + threads * incrementsEach);
  }

  /**
   * Adds 1 to a record's confirmed offset {@code times} times, retrying on conflicts.
   *
   * @param store the store
   * @param key the record
   * @param times how many increments
   * @return how many conflicts were met
   */
  public static int incrementOffset(SessionStore store, UploadKey key, int times) {
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

    Optional<UploadLock> first = store.tryLock(key);
    assertThat(first).isPresent();
    assertThat(store.tryLock(key)).isEmpty();
    assertThat(store.tryLock(record("b.mp4").key())).isPresent().get().satisfies(UploadLock::close);

    first.get().close();
    first.get().close(); // idempotent

    Optional<UploadLock> again = store.tryLock(key);
    assertThat(again).isPresent();
    again.get().close();
  }
}
