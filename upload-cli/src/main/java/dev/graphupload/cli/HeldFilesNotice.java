package dev.graphupload.cli;

import dev.graphupload.core.BatchOptions;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.store.LeaseLostException;
import dev.graphupload.core.store.LockLoss;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code upload} says of a file another upload holds: once per file, that the run will come
 * back to it; each time, that a lock vanished from the store and the file is tried again at once.
 * Nothing when {@code err} is null ({@code --quiet}).
 */
final class HeldFilesNotice implements BatchOptions.BatchListener {
  private final PrintStream err;
  private final String leaseNote;
  private final Set<Path> told = ConcurrentHashMap.newKeySet();

  HeldFilesNotice(PrintStream err, String leaseNote) {
    this.err = err;
    this.leaseNote = leaseNote;
  }

  @Override
  public void deferred(Path file, GraphUploadException why) {
    if (err != null
        && why instanceof LeaseLostException lost
        && lost.lossCause() == LockLoss.Cause.VANISHED) {
      err.println(file.getFileName() + ": " + why.getMessage() + " (trying it again now)");
    } else if (err != null && told.add(file)) {
      err.println(
          file.getFileName()
              + ": another upload holds it; coming back to it after the other files, until"
              + " that upload finishes it or lets go ("
              + leaseNote
              + ")");
    }
  }
}
