package dev.graphupload.benchmarks;

import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.testkit.TestRecords;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Fills a file store with records of other files, as months of uploads leave it: {@code StoreFill
 * DIR COUNT}.
 */
public final class StoreFill {

  private StoreFill() {}

  /**
   * Fills the store.
   *
   * @param args the store's directory and how many records
   */
  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    FileSessionStore store = FileSessionStore.open(dir);
    for (int i = 0; i < count; i++) {
      store.save(TestRecords.record("old-" + i + ".mp4", Clock.systemUTC().instant()));
    }
  }
}
