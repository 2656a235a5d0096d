package dev.graphupload.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.UploadCancelledException;
import dev.graphupload.core.UploadResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graph-upload upload FILE...}: uploads files, resuming what an earlier run left. */
@Command(
    name = "upload",
    mixinStandardHelpOptions = true,
    description = {
      "Uploads files to Graph and prints their handles. Killed or interrupted, the same command resumes where it stopped.",
      "With no token and no --base-url it uploads to a local Graph emulator."
    },
    footerHeading = "%n",
    footer = {
      "Exit codes: 0 done; 2 bad usage or bad input; 3 rejected by the server;",
      "            4 gave up after retries; 130 interrupted (143 on SIGTERM).",
      "An option whose default names a $VARIABLE reads it from the environment; flags win."
    })
final class UploadCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description = "The files to upload (.pdf, .jpg, .jpeg, .png, .mp4).")
  List<Path> files;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--chunk-size",
      paramLabel = "SIZE|auto",
      description =
          "Bytes per request (such as 8M), or auto to adapt them; default the whole file in one request.")
  String chunkSize;

  @Option(
      names = "--json",
      description =
          "Print one JSON object per file: handle, sessionId, bytes, bytesSent, outcome, resumed, elapsedMs.")
  boolean json;

  @Option(names = "--quiet", description = "Print nothing but the result.")
  boolean quiet;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "2",
      description = "Files uploaded at once; default ${DEFAULT-VALUE}.")
  int parallel;

  private record Outcome(
      Path file, String label, boolean started, UploadResult result, Throwable failure) {}

  @Override
  public Integer call() throws Exception {
    if (parallel < 1 || parallel > 64) {
      throw new UsageException("--parallel must be 1 to 64; got " + parallel);
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    ChunkPolicy chunks = chunkPolicy();
    files = distinct(files);
    ProgressReporter progress = new ProgressReporter(ProgressReporter.modeFor(quiet, json), err);
    if (files.size() == 1) {
      progress.singleLine();
    }
    long started = System.nanoTime();
    try (ConnectionOptions.Connection connection =
        this.connection.connect(
            chunks, quiet ? new PrintStream(java.io.OutputStream.nullOutputStream()) : err)) {
      List<CompletableFuture<Outcome>> running = new CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean stopping =
          new java.util.concurrent.atomic.AtomicBoolean();
      CountDownLatch finished = new CountDownLatch(1);
      Thread onInterrupt =
          new Thread(
              () -> {
                stopping.set(true); // start nothing new
                running.forEach(f -> f.cancel(true));
                err.println("graph-upload: interrupted; stopping, the session records are kept");
                try {
                  finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "graph-upload-interrupt");
      Runtime.getRuntime().addShutdownHook(onInterrupt);
      List<Outcome> outcomes = new ArrayList<>();
      try {
        outcomes.addAll(uploadAll(connection, progress, running, stopping));
        // reported before the interrupt hook lets the process end: every file gets its line
        return report(outcomes, progress, started, out, err);
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

  private List<Outcome> uploadAll(
      ConnectionOptions.Connection connection,
      ProgressReporter progress,
      List<CompletableFuture<Outcome>> running,
      java.util.concurrent.atomic.AtomicBoolean stopping)
      throws InterruptedException {
    Deque<Path> queue = new ArrayDeque<>(files);
    List<Outcome> outcomes = new ArrayList<>();
    List<CompletableFuture<Outcome>> inFlight = new ArrayList<>();
    while ((!queue.isEmpty() && !stopping.get()) || !inFlight.isEmpty()) {
      while (!queue.isEmpty() && inFlight.size() < parallel && !stopping.get()) {
        Path file = queue.poll();
        String label = files.size() == 1 ? file.getFileName().toString() : file.toString();
        CompletableFuture<UploadResult> upload =
            connection.uploader.uploadAsync(file, progress.listenerFor(label));
        CompletableFuture<Outcome> outcome =
            upload.handle(
                (r, e) ->
                    new Outcome(
                        file,
                        label,
                        true,
                        r,
                        e instanceof CompletionException && e.getCause() != null
                            ? e.getCause()
                            : e));
        running.add(cancelling(outcome, upload));
        inFlight.add(outcome);
      }
      if (inFlight.isEmpty()) {
        break;
      }
      CompletableFuture.anyOf(inFlight.toArray(new CompletableFuture<?>[0])).join();
      for (var it = inFlight.iterator(); it.hasNext(); ) {
        CompletableFuture<Outcome> f = it.next();
        if (f.isDone()) {
          outcomes.add(f.join());
          it.remove();
        }
      }
    }
    for (Path notStarted : queue) {
      outcomes.add(
          new Outcome(
              notStarted,
              notStarted.toString(),
              false,
              null,
              new UploadCancelledException(
                  "not started: the command was interrupted; run it again to upload it")));
    }
    return outcomes;
  }

  /** A handle on the outcome whose cancel cancels the upload itself. */
  private static CompletableFuture<Outcome> cancelling(
      CompletableFuture<Outcome> outcome, CompletableFuture<UploadResult> upload) {
    CompletableFuture<Outcome> handle = new CompletableFuture<>();
    handle.whenComplete(
        (r, e) -> {
          if (handle.isCancelled()) {
            upload.cancel(true);
          }
        });
    outcome.whenComplete((r, e) -> handle.complete(r));
    return handle;
  }

  private int report(
      List<Outcome> outcomes,
      ProgressReporter progress,
      long started,
      PrintStream out,
      PrintStream err) {
    int code = ExitCode.DONE;
    int failed = 0;
    for (Outcome o : outcomes) {
      if (o.failure() == null) {
        printSuccess(o, out, err);
      } else {
        failed++;
        Throwable failure = o.failure();
        if (failure instanceof java.util.concurrent.CancellationException
            || (failure instanceof UploadCancelledException && o.started())) {
          failure =
              new UploadCancelledException(
                  "interrupted: "
                      + progress.howFar(o.label())
                      + "; run the same command again to resume "
                      + o.file().getFileName());
        }
        int fileCode = ExitCode.of(failure);
        code = ExitCode.worst(code, fileCode);
        printFailure(o.file(), failure, fileCode, out, err);
      }
    }
    if (outcomes.size() > 1 && !json && !quiet) {
      long sent =
          outcomes.stream()
              .filter(o -> o.result() != null)
              .mapToLong(o -> o.result().bytesSent())
              .sum();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      double seconds = Math.max(took.toMillis() / 1000.0, 0.001);
      err.println(
          outcomes.size()
              + " files: "
              + (outcomes.size() - failed)
              + " uploaded, "
              + failed
              + " failed; "
              + Sizes.human(sent)
              + " sent in "
              + Sizes.duration(took)
              + " ("
              + Sizes.human((long) (sent / seconds))
              + "/s), "
              + progress.retries()
              + (progress.retries() == 1 ? " retry" : " retries"));
    }
    return code;
  }

  private void printSuccess(Outcome o, PrintStream out, PrintStream err) {
    UploadResult r = o.result();
    if (json) {
      ObjectNode node = JSON.createObjectNode();
      node.put("file", o.file().toString());
      node.put("handle", r.handle().value());
      node.put("sessionId", r.sessionId().value());
      node.put("bytes", r.fileLength());
      node.put("bytesSent", r.bytesSent());
      node.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      node.put("resumed", r.outcome() == UploadResult.Outcome.RESUMED);
      node.put("elapsedMs", r.elapsed().toMillis());
      out.println(node);
      return;
    }
    if (!quiet) {
      String how =
          r.outcome() == UploadResult.Outcome.ALREADY_UPLOADED
              ? "already uploaded; its stored handle is still valid"
              : (r.outcome() == UploadResult.Outcome.RESUMED
                      ? "resumed at " + Sizes.human(r.resumedFrom().value()) + ", "
                      : "")
                  + "sent "
                  + Sizes.human(r.bytesSent())
                  + " in "
                  + seconds(r.elapsed());
      err.println(o.file().getFileName() + ": done (" + how + ")");
    }
    out.println(files.size() == 1 ? r.handle().value() : o.file() + " " + r.handle().value());
  }

  private void printFailure(
      Path file, Throwable failure, int code, PrintStream out, PrintStream err) {
    String message = failure.getMessage();
    if (failure instanceof GraphApiException g && !message.contains("code " + g.code())) {
      message = message + " (Graph code " + g.code() + ")";
    }
    if (json) {
      ObjectNode node = JSON.createObjectNode();
      node.put("file", file.toString());
      node.put("error", message);
      node.put("exitCode", code);
      out.println(node);
    }
    err.println("graph-upload: " + message);
    if (connection.verbose) {
      failure.printStackTrace(err);
    }
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** One upload per file, however often it is named: the same file twice raced for its lock. */
  private static List<Path> distinct(List<Path> named) {
    java.util.Map<Path, Path> byFile = new java.util.LinkedHashMap<>();
    named.forEach(f -> byFile.putIfAbsent(f.toAbsolutePath().normalize(), f));
    return new ArrayList<>(byFile.values());
  }

  /** The smallest chunk the command takes: below it, requests cost more than bytes. */
  private static final long MIN_CHUNK = 16 * 1024;

  private ChunkPolicy chunkPolicy() {
    if (chunkSize == null) {
      return ChunkPolicy.wholeRemainder();
    }
    if (chunkSize.equals("auto")) {
      return ChunkPolicy.adaptive(1L << 20, 8L << 20, 256L << 20, Duration.ofSeconds(5));
    }
    long bytes;
    try {
      bytes = Sizes.parse(chunkSize);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new UsageException("--chunk-size: " + e.getMessage());
    }
    if (bytes < MIN_CHUNK) {
      throw new UsageException(
          "--chunk-size "
              + chunkSize
              + " is too small: each chunk is a request, so at least 16k (or auto)");
    }
    return ChunkPolicy.fixed(bytes);
  }
}
