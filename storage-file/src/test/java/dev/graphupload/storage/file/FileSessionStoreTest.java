package dev.graphupload.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.FileOffset;
import dev.graphupload.core.codec.SessionRecordCodec;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.store.UploadLock;
import dev.graphupload.testkit.MutableClock;
import dev.graphupload.testkit.TestRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSessionStoreTest {

  @TempDir Path dir;

  private SessionRecord record(String name) {
    return TestRecords.record(name, Instant.now());
  }

  @Test
  void keepsItsFilesPrivateToTheUser() throws Exception {
    FileSessionStore store = FileSessionStore.open(dir.resolve("sessions"));
    SessionRecord saved = store.save(record("a.mp4"));
    store.tryLock(saved.key()).ifPresent(UploadLock::close);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(store.directory())) {
      assertThat(files.toList())
          .as("the record, the store's one lock file and its marker")
          .hasSize(3)
          .allSatisfy(
              f ->
                  assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                      .isEqualTo("rw-------"));
    }
  }

  @Test
  void makesEveryDirectoryItCreatesPrivateWhateverTheUmaskAndLeavesTheOthersAlone()
      throws Exception {
    // the README: "a directory the store creates is 0700" — the data home and corrupt/ too
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path home = dir.resolve(".graph-upload");
    FileSessionStore store = FileSessionStore.open(home.resolve("sessions"));
    SessionRecord saved = store.save(record("a.mp4"));
    Files.writeString(store.directory().resolve(saved.key().value() + ".json"), "{not json");
    assertThat(store.find(saved.key())).isEmpty(); // set aside under corrupt/

    for (Path made : List.of(home, home.resolve("sessions"), home.resolve("sessions/corrupt"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made)))
          .as(made.toString())
          .isEqualTo("rwx------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .as("a directory that was there keeps its mode")
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void writesOneSmallJsonRecordPerUploadWithASchemaVersion() throws Exception {
    FileSessionStore store = FileSessionStore.open(dir);
    SessionRecord saved = store.save(record("a.mp4"));

    String json = Files.readString(dir.resolve(saved.key().value() + ".json"));

    assertThat(json)
        .startsWith("{\"schema\":1,")
        .contains("\"sessionId\":\"upload:a_mp4?sig=ARZsig5\"");
    assertThat(json.length()).isLessThan(2_000);
  }

  @Test
  void setsAsideAnUnreadableRecordAndCarriesOn() throws Exception {
    FileSessionStore store = FileSessionStore.open(dir);
    SessionRecord good = store.save(record("good.mp4"));
    SessionRecord bad = record("bad.mp4");
    Files.writeString(dir.resolve(bad.key().value() + ".json"), "{\"schema\":1,\"key\":\"trunc");

    assertThat(store.find(bad.key())).isEmpty();
    assertThat(store.list()).containsExactly(good);
    try (Stream<Path> corrupt = Files.list(dir.resolve("corrupt"))) {
      assertThat(corrupt.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .startsWith(bad.key().value() + ".json.");
    }
    assertThat(store.save(bad).revision()).as("the upload goes on with a new record").isEqualTo(1);
  }

  @Test
  void setsAsideARecordOfAnotherSchemaVersion() throws Exception {
    FileSessionStore store = FileSessionStore.open(dir);
    SessionRecord old = record("old.mp4");
    String json =
        new String(SessionRecordCodec.encode(old), StandardCharsets.UTF_8)
            .replace("\"schema\":1", "\"schema\":0");
    Files.writeString(dir.resolve(old.key().value() + ".json"), json);

    assertThat(store.find(old.key())).isEmpty();
    assertThat(store.list()).isEmpty();
    assertThat(Files.exists(dir.resolve("corrupt"))).isTrue();
  }

  @Test
  void ignoresLeftoverTemporaryFiles() throws Exception {
    FileSessionStore store = FileSessionStore.open(dir);
    SessionRecord saved = store.save(record("a.mp4"));
    Files.writeString(dir.resolve(saved.key().value() + ".json.tmp-123"), "{half a rec");

    assertThat(store.list()).containsExactly(saved);
  }

  @Test
  void aStoreUsedForLongLeavesNoFilePerRecordBehindAndClearLeavesNothingOfItsOwn()
      throws Exception {
    FileSessionStore store = FileSessionStore.open(dir);
    for (int i = 0; i < 200; i++) {
      SessionRecord saved = store.save(record("file-" + i + ".mp4"));
      store.tryLock(saved.key()).orElseThrow().close();
      store.save(saved); // a second save, as an upload's progress makes
      assertThat(store.delete(saved.key())).isTrue();
    }
    SessionRecord kept = store.save(record("kept.mp4"));
    store.tryLock(kept.key()).orElseThrow().close();
    Files.writeString(dir.resolve(record("bad.mp4").key().value() + ".json"), "{\"trunc");
    store.list(); // sets the bad one aside in corrupt/

    assertThat(names(dir))
        .as("200 uploads come and gone: one record, the lock file, the marker, corrupt/")
        .containsExactlyInAnyOrder(
            kept.key().value() + ".json", "locks", ".graph-upload-store", "corrupt");

    assertThat(store.clear()).isEqualTo(1);
    assertThat(names(dir))
        .as("after clear: the lock file and the marker only")
        .containsExactlyInAnyOrder("locks", ".graph-upload-store");
  }

  @Test
  void openingDeletesTheLockFilesOfEarlierVersionsAndOldCorruptRecords() throws Exception {
    // a store an earlier version made: its marker, and two lock files per record
    Files.writeString(
        dir.resolve(".graph-upload-store"), "This directory holds graph-upload session records.\n");
    String key = record("a.mp4").key().value();
    Files.writeString(dir.resolve(key + ".lock"), "");
    Files.writeString(dir.resolve(key + ".save.lock"), "");
    Path corrupt = Files.createDirectories(dir.resolve("corrupt"));
    Path old = Files.writeString(corrupt.resolve(key + ".json.1"), "old");
    Path recent = Files.writeString(corrupt.resolve(key + ".json.2"), "recent");
    Files.setLastModifiedTime(
        old,
        FileTime.from(Instant.now().minus(Duration.ofDays(FileSessionStore.CORRUPT_DAYS + 1))));

    FileSessionStore.open(dir);

    assertThat(names(dir))
        .as("the lock file is made by the first lock taken; none was")
        .containsExactlyInAnyOrder(".graph-upload-store", "corrupt");
    assertThat(names(corrupt))
        .as("kept %d days for a person to look at", FileSessionStore.CORRUPT_DAYS)
        .containsExactly(recent.getFileName().toString());

    // the marker now says so, and later opens read no more than it: a store of ten thousand
    // records opens as fast as an empty one (docs/BENCHMARKS.md, "A store used for long")
    assertThat(Files.readString(dir.resolve(".graph-upload-store")))
        .contains("Its locks are bytes of one file, locks.");
    Files.writeString(dir.resolve(key + ".lock"), "");
    FileSessionStore.open(dir);
    assertThat(names(dir)).contains(key + ".lock");
  }

  @Test
  void twoStoresOnOneDirectoryInOneProcessExcludeEachOther() {
    FileSessionStore one = FileSessionStore.open(dir);
    FileSessionStore two = FileSessionStore.open(dir);
    SessionRecord saved = one.save(record("a.mp4"));

    UploadLock held = one.tryLock(saved.key()).orElseThrow();
    assertThat(two.tryLock(saved.key())).as("held through the other instance").isEmpty();
    assertThat(two.save(saved).revision()).as("saves still go through").isEqualTo(2);
    held.close();
    assertThat(two.tryLock(saved.key())).isPresent();
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  @Test
  void prunesExpiredRecordsAndClearsOnDemand() {
    MutableClock clock = new MutableClock(Instant.now());
    FileSessionStore store = FileSessionStore.open(dir, clock);
    store.save(TestRecords.record("a.mp4", clock.instant()));
    store.save(TestRecords.record("b.mp4", clock.instant().plusSeconds(7200)));

    clock.advance(Duration.ofMinutes(90));

    assertThat(store.pruneExpired()).isEqualTo(1);
    assertThat(store.clear()).isEqualTo(1);
    assertThat(store.list()).isEmpty();
  }

  @Test
  void anotherProcessIsToldTheFileIsBeingUploadedUntilTheHolderDies() throws Exception {
    FileSessionStore store = FileSessionStore.open(dir);
    SessionRecord target = record("shared.mp4");
    try (Children.Child holder = Children.start("lock", dir.toString(), "shared.mp4")) {
      holder.awaitLine("locked", 30_000);

      assertThat(store.tryLock(target.key())).isEmpty();

      holder.kill(); // SIGKILL: the OS releases the lock with the process
      Optional<UploadLock> mine = store.tryLock(target.key());
      assertThat(mine).isPresent();
      mine.get().close();
    }
  }

  @Test
  void theUploadLockOutlivesTheHoldersOwnSaves() throws Exception {
    FileSessionStore store = FileSessionStore.open(dir);
    SessionRecord target = record("saved.mp4");
    try (Children.Child holder = Children.start("lock-and-save", dir.toString(), "saved.mp4")) {
      holder.awaitLine("locked and saved", 30_000);

      assertThat(store.tryLock(target.key()))
          .as("the holder saved its record, and still holds the upload")
          .isEmpty();
    }
  }

  @Test
  void processesWritingAtOnceLoseNoUpdate() throws Exception {
    FileSessionStore store = FileSessionStore.open(dir);
    SessionRecord start = store.save(record("busy.mp4"));
    List<Children.Child> children =
        List.of(
            Children.start("increment", dir.toString(), "busy.mp4", "30"),
            Children.start("increment", dir.toString(), "busy.mp4", "30"),
            Children.start("increment", dir.toString(), "busy.mp4", "30"));
    for (Children.Child child : children) {
      child.awaitLine("done", 120_000);
      child.close();
    }

    SessionRecord end = store.find(start.key()).orElseThrow();
    assertThat(((RecordState.InProgress) end.state()).confirmed())
        .isEqualTo(FileOffset.of(1234 + 90));
    assertThat(end.revision()).isEqualTo(91);
  }

  @Test
  void leavesTheModeOfADirectoryItWasGivenAndTouchesNoFileOfAnotherKind() throws Exception {
    Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));

    FileSessionStore store = FileSessionStore.open(shared);
    store.save(record("a.mp4"));
    Files.writeString(shared.resolve("notes.json"), "{\"mine\":true}");
    store.list();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)))
        .isEqualTo("rwxrwxrwx");
    assertThat(shared.resolve("notes.json")).hasContent("{\"mine\":true}");
    assertThat(shared.resolve("corrupt")).doesNotExist();
  }

  @Test
  void refusesADirectoryThatHoldsOtherFilesAndLeavesIt() throws Exception {
    Path project = Files.createDirectory(dir.resolve("project"));
    Files.writeString(project.resolve("package.json"), "{}");
    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(project));

    assertThatThrownBy(() -> FileSessionStore.open(project))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("package.json")
        .hasMessageContaining("empty or new directory");
    assertThat(project.resolve("package.json")).hasContent("{}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(project)))
        .isEqualTo(mode);
    try (Stream<Path> files = Files.list(project)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void refusesAnEmptyPathRatherThanTakingTheCurrentDirectory() {
    assertThatThrownBy(() -> FileSessionStore.open(Path.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void saysInWordsWhyADirectoryUnderProcCannotBeMade() {
    assertThatThrownBy(() -> FileSessionStore.open(Path.of("/proc/graph-upload-nope")))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("/proc/graph-upload-nope does not exist and cannot be made there")
        .hasMessageContaining("Choose another store directory")
        .hasMessageNotContaining("java.nio");
  }

  @Test
  void refusesToOpenADirectoryItCannotCreate() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

    assertThatThrownBy(() -> FileSessionStore.open(file.resolve("sessions")))
        .isInstanceOf(SessionStoreException.class)
        .hasMessageContaining("open the session store");
  }
}
