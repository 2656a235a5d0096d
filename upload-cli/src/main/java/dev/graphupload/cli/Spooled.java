package dev.graphupload.cli;

import dev.graphupload.core.internal.Spool;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Standard input ({@code upload -}) copied to a file of {@code $GRAPH_UPLOAD_HOME/spool}, so that
 * the upload can read it again on a retry or a resume: it takes as much disk as the input, and is
 * deleted when the command ends.
 *
 * @param file the spool file
 * @param contentKey the input's {@code sha256:}, its key unless {@code --key} gives one
 */
record Spooled(Path file, String contentKey) {

  /** Reads standard input to its end into a spool file. */
  static Spooled fromStandardInput(PrintStream err) {
    Path directory = DataHome.resolve().resolve("spool");
    try {
      Spool.Spooled spooled = Spool.toFile(System.in, directory);
      return new Spooled(spooled.file(), spooled.contentKey());
    } catch (IOException e) {
      throw new UsageException(
          "Could not copy standard input to "
              + directory
              + " ("
              + e.getMessage()
              + "); it needs as much free disk as the input holds");
    }
  }

  void delete() {
    Spool.delete(file);
  }
}
