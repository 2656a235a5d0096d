package dev.graphupload.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
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
          "Where session records live: a directory, memory, or Redis (redis://HOST:PORT — a server"
              + " or any node of a cluster —, redis://H1:P1,H2:P2 for a cluster's seeds, rediss://…,"
              + " redis-sentinel://HOST:PORT#MASTER); default $GRAPH_UPLOAD_HOME/sessions, else $HOME/.graph-upload/sessions.")
  String store;

  @Option(
      names = "--json",
      description =
          "One JSON object per stored session: file, state, confirmed, length, handle, sessionId, endpoint, appId, updatedAt, expiresAt.")
  boolean json;

  @Option(
      names = "--clear",
      description = "Forget every stored session (the files already uploaded stay on Graph).")
  boolean clear;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    ConnectionOptions options = new ConnectionOptions();
    options.store = store;
    if (options.location().isMissingDirectory()) {
      // a listing creates nothing: no directory, no records
      out.println("No stored sessions (" + options.location().describe() + " does not exist).");
      return ExitCode.DONE;
    }
    return options.withStore(sessions -> listOrClear(out, sessions));
  }

  private int listOrClear(PrintStream out, SessionStore sessions) {
    List<SessionRecord> records =
        sessions.list().stream().sorted(Comparator.comparing(SessionRecord::updatedAt)).toList();
    if (clear) {
      records.forEach(r -> sessions.delete(r.key()));
      out.println(
          "Forgot "
              + records.size()
              + (records.size() == 1 ? " stored session." : " stored sessions."));
      return ExitCode.DONE;
    }
    if (json) {
      records.forEach(r -> out.println(json(r)));
      return ExitCode.DONE;
    }
    if (records.isEmpty()) {
      out.println("No stored sessions.");
      return ExitCode.DONE;
    }
    // one aligned row per record; the long values (handle, session id) go in --json
    String format = "%-11s  %-21s  %-20s  %s%n";
    out.printf(format, "STATE", "PROGRESS", "UPDATED", "FILE (or KEY: NAME)");
    for (SessionRecord r : records) {
      boolean done = r.state() instanceof RecordState.Completed;
      long confirmed =
          done ? r.fileLength() : ((RecordState.InProgress) r.state()).confirmed().value();
      out.printf(
          format,
          done ? "done" : "in progress",
          Sizes.human(confirmed) + " of " + Sizes.human(r.fileLength()),
          r.updatedAt().truncatedTo(ChronoUnit.SECONDS),
          r.callerKey()
              .map(k -> "key " + k + ": " + r.fileName())
              .orElseGet(() -> r.fingerprint().orElseThrow().path().toString()));
    }
    return ExitCode.DONE;
  }

  private static String json(SessionRecord r) {
    ObjectNode node = new ObjectMapper().createObjectNode();
    boolean done = r.state() instanceof RecordState.Completed;
    r.fingerprint().ifPresent(f -> node.put("file", f.path().toString()));
    r.callerKey().ifPresent(k -> node.put("key", k));
    node.put("fileName", r.fileName());
    node.put("state", done ? "done" : "in-progress");
    node.put(
        "confirmed",
        done ? r.fileLength() : ((RecordState.InProgress) r.state()).confirmed().value());
    node.put("length", r.fileLength());
    if (r.state() instanceof RecordState.Completed completed) {
      node.put("handle", completed.handle().value());
    }
    node.put("sessionId", r.sessionId().value());
    node.put("endpoint", r.endpoint().toString());
    node.put("appId", r.appId().value());
    node.put("updatedAt", r.updatedAt().toString());
    node.put("expiresAt", r.expiresAt().toString());
    return node.toString();
  }
}
