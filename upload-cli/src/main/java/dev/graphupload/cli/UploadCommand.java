package dev.graphupload.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphupload.core.BatchOptions;
import dev.graphupload.core.BatchResult;
import dev.graphupload.core.BatchUpload;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.FileType;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.UploadCancelledException;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code graph-upload upload FILE...}: uploads files, resuming what an earlier run left. Its model
 * is built in code ({@link UploadModel}): this is the command whose start matters.
 */
final class UploadCommand implements Callable<Integer> {

  /** Made on first use: only --json needs it, and a mapper costs start-up time. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  // the arguments, filled as picocli parses them (UploadModel says which option fills which)
  List<Path> files;
  String name;
  String type;
  String key;
  String maxFileSize;
  final ConnectionOptions connection = new ConnectionOptions();
  CommandSpec spec;
  ChunkPolicy chunkSize;
  boolean json;
  boolean quiet;
  int parallel;
  boolean noWait;
  Duration lease;
  boolean verifyContent;

  /**
   * The command's model, bound to a new command's fields ({@link UploadModel}).
   *
   * @return the model; its user object is the command
   */
  static CommandSpec model() {
    UploadCommand command = new UploadCommand();
    command.spec = UploadModel.of(command);
    return command.spec;
  }

  /** Whether the one FILE is standard input, spooled. */
  private boolean fromStandardInput;

  /** How often a file another worker holds is tried again once the others are done. */
  private static final Duration REVISIT_EVERY = Duration.ofSeconds(1);

  @Override
  public Integer call() throws Exception {
    if (parallel < 1 || parallel > 64) {
      throw new UsageException("--parallel must be 1 to 64; got " + parallel);
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    ChunkPolicy chunks = chunkSize == null ? ChunkPolicy.wholeRemainder() : chunkSize;
    this.connection.verifyContent = verifyContent;
    boolean leaseFlag = spec.commandLine().getParseResult().hasMatchedOption("--lease");
    boolean redis = this.connection.location().hasLeases();
    if (lease != null && (redis || leaseFlag)) {
      if (!redis) {
        throw new UsageException(
            "--lease is for a Redis store (--store redis://…); a directory store's lock is freed"
                + " the moment its process ends");
      }
      this.connection.leaseTime = lease;
    }
    files = distinct(files);
    boolean stdin = files.stream().anyMatch(f -> f.toString().equals("-"));
    fromStandardInput = stdin;
    if (files.size() > 1 && (stdin || name != null || type != null || key != null)) {
      throw new UsageException(
          (stdin
                  ? "- (standard input)"
                  : name != null ? "--name" : type != null ? "--type" : "--key")
              + " is for one upload; give one FILE (got "
              + files.size()
              + ")");
    }
    if (stdin && "-".equals(connection.tokenFile)) {
      throw new UsageException(
          "upload - and --token-file - both read standard input; give the token in a file or in"
              + " GRAPH_ACCESS_TOKEN");
    }
    if (stdin && name == null) {
      throw new UsageException(
          "Reading standard input (-) needs --name NAME: the file name Graph shows, such as"
              + " clip.mp4");
    }
    if (maxFileSize != null) {
      this.connection.maxFileLength = Sizes.parse(maxFileSize);
    }
    FileType givenType = null;
    try {
      givenType = type == null ? null : FileType.of(type);
      if (name != null || key != null) {
        UploadRequest.Builder check = UploadRequest.builder(Path.of("check"));
        if (name != null) {
          check.fileName(name);
        }
        if (key != null) {
          check.key(key);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Spooled spooled = stdin ? Spooled.fromStandardInput(err) : null;
    if (spooled != null) {
      files = List.of(spooled.file());
    }
    try {
      return upload(chunks, givenType, spooled, out, err);
    } finally {
      if (spooled != null) {
        spooled.delete();
      }
    }
  }

  private int upload(
      ChunkPolicy chunks, FileType givenType, Spooled spooled, PrintStream out, PrintStream err)
      throws Exception {
    ProgressReporter progress = new ProgressReporter(ProgressReporter.modeFor(quiet, json), err);
    if (files.size() == 1) {
      progress.singleLine();
    }
    long started = System.nanoTime();
    Connection opened;
    try {
      opened =
          this.connection.connect(
              chunks, quiet ? new PrintStream(OutputStream.nullOutputStream()) : err);
    } catch (UsageException e) {
      if (json && e.isStoreUnavailable()) { // --json promises an object per file
        files.forEach(file -> out.println(jsonFailure(file, e.getMessage(), ExitCode.USAGE)));
      }
      throw e;
    }
    try (Connection connection = opened) {
      BatchUpload batch =
          connection.uploader.uploadAllAsync(
              files,
              BatchOptions.defaults()
                  .parallel(parallel)
                  .listeners(file -> progress.listenerFor(labelOf(file)))
                  .requests(file -> requestFor(file, givenType, spooled))
                  .revisitEvery(REVISIT_EVERY)
                  .revisitHeld(!noWait)
                  .batchListener(
                      new HeldFilesNotice(
                          quiet ? null : err,
                          this.connection.location().leaseNote(this.connection.leaseTime))));
      CountDownLatch finished = new CountDownLatch(1);
      Thread onInterrupt =
          new Thread(
              () -> {
                progress.stopDrawing();
                err.println("graph-upload: interrupted; stopping, the session records are kept");
                batch.stop(); // start nothing new, cancel what runs
                try {
                  finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "graph-upload-interrupt");
      Runtime.getRuntime().addShutdownHook(onInterrupt);
      try {
        List<BatchResult> results = batch.results().join();
        // reported before the interrupt hook lets the process end: every file gets its line
        return report(results, progress, started, out, err);
      } finally {
        out.flush();
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it was an interrupt
        }
      }
    }
  }

  private String labelOf(Path file) {
    if (name != null) {
      return name;
    }
    return files.size() == 1 ? file.getFileName().toString() : file.toString();
  }

  private UploadRequest requestFor(Path file, FileType givenType, Spooled spooled) {
    UploadRequest.Builder request = UploadRequest.builder(file);
    if (name != null) {
      request.fileName(name);
    }
    if (givenType != null) {
      request.fileType(givenType);
    }
    String resumeKey = key != null ? key : spooled != null ? spooled.contentKey() : null;
    if (resumeKey != null) {
      request.key(resumeKey);
    }
    return request.build();
  }

  private int report(
      List<BatchResult> results,
      ProgressReporter progress,
      long started,
      PrintStream out,
      PrintStream err) {
    int code = ExitCode.DONE;
    Map<BatchResult.Status, Integer> counts = new EnumMap<>(BatchResult.Status.class);
    for (BatchResult r : results) {
      counts.merge(r.status(), 1, Integer::sum);
      if (r.result().isPresent()) {
        printSuccess(r, out, err);
      } else {
        Throwable failure = r.failure().orElseThrow();
        if (failure instanceof UploadCancelledException
            && r.status() != BatchResult.Status.NOT_STARTED) {
          failure =
              new UploadCancelledException(
                  "interrupted: "
                      + progress.howFar(labelOf(r.file()))
                      + "; run the same command again to resume "
                      + r.file().getFileName());
        } else if (r.status() == BatchResult.Status.NOT_STARTED) {
          failure =
              new UploadCancelledException(
                  "not started: the command was interrupted; run it again to upload "
                      + r.file().getFileName());
        }
        int fileCode = ExitCode.of(failure);
        code = ExitCode.worst(code, fileCode);
        printFailure(r.file(), failure, fileCode, out, err);
      }
    }
    if (results.size() > 1 && !json && !quiet) {
      long sent =
          results.stream()
              .flatMap(r -> r.result().stream())
              .mapToLong(UploadResult::bytesSent)
              .sum();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      double seconds = Math.max(took.toMillis() / 1000.0, 0.001);
      int failed =
          counts.getOrDefault(BatchResult.Status.FAILED, 0)
              + counts.getOrDefault(BatchResult.Status.NOT_STARTED, 0);
      err.println(
          results.size()
              + " files: "
              + (counts.getOrDefault(BatchResult.Status.UPLOADED, 0)
                  + counts.getOrDefault(BatchResult.Status.RESUMED, 0))
              + " uploaded, "
              + count(counts, BatchResult.Status.TAKEN_OVER, "taken over")
              + count(counts, BatchResult.Status.DONE_ELSEWHERE, "done elsewhere")
              + count(counts, BatchResult.Status.ALREADY_UPLOADED, "already uploaded")
              + failed
              + " failed; "
              + Sizes.human(sent)
              + " sent in "
              + Sizes.duration(took)
              + " of the whole run ("
              + Sizes.human((long) (sent / seconds))
              + "/s), "
              + progress.retries()
              + (progress.retries() == 1 ? " retry" : " retries"));
    }
    return code;
  }

  private static String count(
      Map<BatchResult.Status, Integer> counts, BatchResult.Status status, String what) {
    int n = counts.getOrDefault(status, 0);
    return n == 0 ? "" : n + " " + what + ", ";
  }

  private void printSuccess(BatchResult batchResult, PrintStream out, PrintStream err) {
    UploadResult r = batchResult.result().orElseThrow();
    Path file = batchResult.file();
    if (json) {
      ObjectNode node = Json.MAPPER.createObjectNode();
      node.put("file", fromStandardInput ? "-" : file.toString());
      node.put("fileName", name != null ? name : file.getFileName().toString());
      if (key != null) {
        node.put("key", key);
      }
      node.put("handle", r.handle().value());
      node.put("sessionId", r.sessionId().value());
      node.put("bytes", r.fileLength());
      node.put("bytesSent", r.bytesSent());
      node.put("outcome", batchResult.status().label());
      node.put("resumed", r.outcome() == UploadResult.Outcome.RESUMED);
      node.put("elapsedMs", r.elapsed().toMillis());
      out.println(node);
      return;
    }
    if (!quiet) {
      String how =
          switch (batchResult.status()) {
            case ALREADY_UPLOADED -> "already uploaded; its stored handle is still valid";
            case DONE_ELSEWHERE -> "done by another upload, which stored its handle; sent nothing";
            default ->
                (batchResult.status() == BatchResult.Status.TAKEN_OVER
                        ? "taken over from an upload that let go, "
                        : "")
                    + (r.outcome() == UploadResult.Outcome.RESUMED
                        ? "resumed at " + Sizes.human(r.resumedFrom().value()) + ", "
                        : "")
                    + "sent "
                    + Sizes.human(r.bytesSent())
                    + " in "
                    + seconds(r.elapsed());
          };
      err.println(labelOf(file) + ": done (" + how + ")");
    }
    out.println(files.size() == 1 ? r.handle().value() : file + " " + r.handle().value());
  }

  private void printFailure(
      Path file, Throwable failure, int code, PrintStream out, PrintStream err) {
    String message = failure.getMessage();
    if (failure instanceof GraphApiException g && !message.contains("code " + g.code())) {
      message = message + " (Graph code " + g.code() + ")";
    }
    if (json) {
      out.println(jsonFailure(file, message, code));
    }
    err.println("graph-upload: " + message);
    if (connection.verbose) {
      failure.printStackTrace(err);
    }
  }

  private static ObjectNode jsonFailure(Path file, String message, int code) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("file", file.toString());
    node.put("error", message);
    node.put("exitCode", code);
    return node;
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** One upload per file, however often it is named: the same file twice raced for its lock. */
  private static List<Path> distinct(List<Path> named) {
    Map<Path, Path> byFile = new LinkedHashMap<>();
    named.forEach(f -> byFile.putIfAbsent(f.toAbsolutePath().normalize(), f));
    return new ArrayList<>(byFile.values());
  }
}
