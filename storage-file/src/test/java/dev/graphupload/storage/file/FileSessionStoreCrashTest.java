package dev.graphupload.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.codec.SessionRecordCodec;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM saves ever larger offsets as fast as it can and is killed with SIGKILL at random
 * moments, many times. After each kill the directory must hold only whole, valid records, and the
 * stored offset must be no older than the last save the child reported as done.
 */
class FileSessionStoreCrashTest {

  private static final int KILLS = 20;

  @TempDir Path dir;

  @Test
  void aKilledWriterLeavesOnlyWholeRecordsAndLosesNoReportedSave() throws Exception {
    Random random = new Random(2026);
    long lastReported = -1;
    for (int kill = 0; kill < KILLS; kill++) {
      try (Children.Child child = Children.start("save-forever", dir.toString(), "crash.mp4")) {
        child.awaitLine("saved", 30_000);
        Thread.sleep(random.nextInt(300));
        child.kill();
        for (String line : child.lines) {
          if (line.startsWith("saved ")) {
            lastReported = Math.max(lastReported, Long.parseLong(line.substring(6)));
          }
        }
      }

      int records = 0;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
        for (Path file : files) {
          records++;
          SessionRecord record =
              SessionRecordCodec.decode(
                  Files.readAllBytes(file)); // whole and valid, or this throws
          long stored = ((RecordState.InProgress) record.state()).confirmed().value();
          assertThat(stored)
              .as("kill %d: stored offset against the last reported save", kill)
              .isGreaterThanOrEqualTo(lastReported);
        }
      }
      assertThat(records).isEqualTo(1);
      assertThat(FileSessionStore.open(dir).list()).hasSize(1);
    }
    assertThat(lastReported).as("the child made progress across the kills").isGreaterThan(KILLS);
  }
}
