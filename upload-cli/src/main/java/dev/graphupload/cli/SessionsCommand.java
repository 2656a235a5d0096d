package dev.graphupload.cli;

import com.google.inject.Guice;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graph-upload sessions}: the stored sessions; {@code --clear} forgets them. */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    description = "Lists the stored upload sessions, or forgets them all.")
final class SessionsCommand implements Callable<Integer> {

  @Option(
      names = "--store",
      paramLabel = "DIR|redis://HOST:PORT|memory",
      description =
          "Where session records live; default $GRAPH_UPLOAD_HOME/sessions, else $HOME/.graph-upload/sessions.")
  String store;

  @Option(
      names = "--clear",
      description = "Forget every stored session (the files already uploaded stay on Graph).")
  boolean clear;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    ConnectionOptions options = new ConnectionOptions();
    options.store = store;
    if (options.isDirectoryStore()
        && !java.nio.file.Files.exists(java.nio.file.Path.of(options.storeLocation()))) {
      // a listing creates nothing: no directory, no records
      out.println("No stored sessions (" + options.storeLocation() + " does not exist).");
      return ExitCode.DONE;
    }
    SessionStore sessions;
    try {
      sessions = Guice.createInjector(options.storeModule()).getInstance(SessionStore.class);
    } catch (com.google.inject.ProvisionException e) {
      throw new UsageException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
    }
    try {
      return listOrClear(out, sessions);
    } finally {
      if (sessions instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // closing a store connection at exit
        }
      }
    }
  }

  private int listOrClear(PrintStream out, SessionStore sessions) {
    List<SessionRecord> records =
        sessions.list().stream().sorted(Comparator.comparing(SessionRecord::updatedAt)).toList();
    if (clear) {
      records.forEach(r -> sessions.delete(r.key()));
      out.println("Forgot " + records.size() + " stored session(s).");
      return ExitCode.DONE;
    }
    if (records.isEmpty()) {
      out.println("No stored sessions.");
      return ExitCode.DONE;
    }
    for (SessionRecord r : records) {
      String state =
          r.state() instanceof RecordState.Completed done
              ? "done        " + done.handle()
              : "in progress "
                  + Sizes.human(((RecordState.InProgress) r.state()).confirmed().value())
                  + " of "
                  + Sizes.human(r.fileLength());
      out.println(
          r.fingerprint().path()
              + "  "
              + state
              + "  "
              + r.sessionId()
              + "  "
              + r.endpoint()
              + "  updated "
              + r.updatedAt());
    }
    return ExitCode.DONE;
  }
}
