package dev.graphupload.cli;

import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.RecordState;
import dev.graphupload.core.store.SessionRecord;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.Endpoints;
import dev.graphupload.emulator.GraphEmulator;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code graph-upload status FILE} or {@code status --key KEY}: the stored session of a file or
 * key, and the server's offset.
 */
@Command(
    name = "status",
    description = "Shows the stored session of a file (or of a key) and how far the server got.")
final class StatusCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", arity = "0..1", description = "The file.")
  Path file;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "The key the upload was made with (upload --key), instead of a FILE.")
  String key;

  final ConnectionOptions connection = new ConnectionOptions();

  /**
   * The command's model: its own arguments read from their annotations, then the connection options
   * it shares with {@code upload} and the help options, declared in code ({@link CommandModel}).
   *
   * @return the model; its user object is the command
   */
  static CommandSpec model() {
    StatusCommand command = new StatusCommand();
    CommandSpec spec = CommandSpec.forAnnotatedObject(command);
    command.connection.declare(spec);
    return CommandModel.withStandardHelp(spec);
  }

  @Override
  public Integer call() {
    PrintStream out = System.out;
    if ((file == null) == (key == null)) {
      System.err.println("Give either a FILE or --key KEY (see status --help).");
      return ExitCode.USAGE;
    }
    Path absolute = file == null ? null : file.toAbsolutePath().normalize();
    List<SessionRecord> found = recordsOf(absolute);
    if (found.isEmpty()) {
      out.println(
          "No stored session for "
              + (absolute != null ? absolute : "the key '" + key + "'")
              + ": the next upload starts a new one.");
      return ExitCode.DONE;
    }
    // the record knows where the file went: no need to name the endpoint and app again
    SessionRecord newest =
        found.stream().max(Comparator.comparing(SessionRecord::updatedAt)).orElseThrow();
    boolean embedded = connection.baseUrl == null && connection.token() == null;
    if (!embedded && !sameEndpoint(newest.endpoint(), connection.configuredEndpoint())) {
      // a record must not choose where the token goes: only the configured endpoint is asked
      print(out, absolute, newest);
      if (newest.state() instanceof RecordState.InProgress) {
        out.println(
            "server:    not asked: the record names "
                + newest.endpoint()
                + ", not the configured endpoint "
                + connection.configuredEndpoint()
                + "; pass --base-url "
                + newest.endpoint()
                + " to ask it");
      }
      return ExitCode.DONE;
    }
    if (connection.appId == null && !embedded) {
      connection.appId = newest.appId().value();
    }
    boolean toTheEmbeddedEmulator =
        isLoopback(newest.endpoint()) && newest.endpoint().getPort() == EmbeddedEmulator.PORT;
    if (embedded && !toTheEmbeddedEmulator) {
      // uploaded elsewhere, and no token to ask there: the local emulator knows nothing of it
      print(out, absolute, newest);
      if (newest.state() instanceof RecordState.InProgress) {
        out.println(
            "server:    not asked: set GRAPH_ACCESS_TOKEN (or pass --token-file FILE) to ask "
                + newest.endpoint());
      }
      return ExitCode.DONE;
    }
    try (Connection c = connection.connect(ChunkPolicy.wholeRemainder(), System.err)) {
      SessionRecord record =
          (key != null ? c.uploader.storedSession(key) : c.uploader.storedSession(file))
              .orElse(newest);
      print(out, absolute, record);
      if (record.state() instanceof RecordState.Completed) {
        return ExitCode.DONE;
      }
      try {
        out.println(
            "server:    "
                + describe(
                    c.uploader.serverOffset(record.sessionId()).value(), record.fileLength()));
      } catch (GraphApiException e) {
        out.println(
            "server:    "
                + (e.error().isSessionGone()
                    ? "the session has expired; the next upload starts a new one"
                    : e.getMessage()));
      } catch (GraphUploadException e) {
        out.println("server:    could not ask (" + e.getMessage() + ")");
      }
      return ExitCode.DONE;
    }
  }

  private static boolean sameEndpoint(URI recorded, URI configured) {
    try {
      return Endpoints.baseUrl(recorded).equals(Endpoints.baseUrl(configured));
    } catch (IllegalArgumentException e) {
      return false; // a record whose endpoint is no base URL is no endpoint to send a token to
    }
  }

  private static boolean isLoopback(URI endpoint) {
    String host = endpoint.getHost();
    return host != null
        && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
  }

  private static void print(PrintStream out, Path absolute, SessionRecord record) {
    if (absolute != null) {
      out.println("file:      " + absolute);
    }
    record.callerKey().ifPresent(k -> out.println("key:       " + k));
    out.println("name:      " + record.fileName() + " (" + record.fileType() + ")");
    out.println("endpoint:  " + record.endpoint() + " (app " + record.appId().value() + ")");
    out.println("session:   " + record.sessionId());
    out.println(
        "created:   "
            + record.createdAt()
            + ", updated "
            + record.updatedAt()
            + ", kept until "
            + record.expiresAt());
    if (record.state() instanceof RecordState.Completed done) {
      out.println("state:     completed at " + done.completedAt());
      out.println("handle:    " + done.handle());
      return;
    }
    FileOffset confirmed = ((RecordState.InProgress) record.state()).confirmed();
    out.println(
        "state:     in progress, "
            + describe(confirmed.value(), record.fileLength())
            + " confirmed when last recorded");
  }

  /**
   * The store's records of this file or key. First looked up directly under the keys the command
   * would upload it with (the configured endpoint and app; with neither a token nor a base URL, the
   * embedded emulator's, and Graph's for a given app id): no store read beyond those records, as
   * fast with ten thousand records as with none. Only when none is there, every record is read, to
   * find one made against another endpoint or app.
   */
  private List<SessionRecord> recordsOf(Path absolute) {
    if (connection.location().isMissingDirectory()) {
      return List.of(); // a status creates nothing
    }
    List<UploadKey> likely = likelyKeys(absolute);
    return connection.withStore(
        store -> {
          List<SessionRecord> direct =
              likely.stream().map(store::find).flatMap(Optional::stream).toList();
          return direct.isEmpty() ? scan(store, absolute) : direct;
        });
  }

  private List<UploadKey> likelyKeys(Path absolute) {
    List<URI> endpoints = new ArrayList<>();
    String app = connection.appId;
    boolean embedded = connection.baseUrl == null && connection.token() == null;
    if (embedded) {
      endpoints.add(URI.create("http://127.0.0.1:" + EmbeddedEmulator.PORT));
      if (app != null) {
        endpoints.add(GraphUploader.DEFAULT_ENDPOINT);
      }
    } else {
      endpoints.add(connection.configuredEndpoint());
    }
    List<UploadKey> keys = new ArrayList<>();
    for (URI endpoint : endpoints) {
      String owner = app != null ? app : embedded ? GraphEmulator.DEFAULT_APP_ID : null;
      if (owner == null || !owner.matches("[0-9]{1,32}")) {
        continue; // no app id to build a key with: the scan finds it
      }
      URI base = Endpoints.baseUrl(endpoint);
      keys.add(
          key != null
              ? UploadKey.forKey(base, AppId.of(owner), key)
              : UploadKey.of(base, AppId.of(owner), absolute));
    }
    return keys;
  }

  private List<SessionRecord> scan(SessionStore store, Path absolute) {
    return store.list().stream()
        .filter(
            r ->
                key != null
                    ? r.callerKey().equals(Optional.of(key))
                    : r.callerKey().isEmpty()
                        && r.fingerprint().map(f -> f.path().equals(absolute)).orElse(false))
        .toList();
  }

  private static String describe(long offset, long length) {
    return Sizes.human(offset)
        + " of "
        + Sizes.human(length)
        + String.format(Locale.ROOT, " (%.0f%%)", 100.0 * offset / length);
  }
}
