package dev.graphupload.emulator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator from the command line until it is stopped (Ctrl-C or SIGTERM). Prints exactly
 * one line on standard output when it is ready; logs go to standard error.
 *
 * <p>{@code --help} lists every option with what it does; the README of the module says the same.
 */
public final class EmulatorMain {

  static final String USAGE =
      String.join(
          "\n",
          "Usage: graph-upload emulator [OPTIONS]",
          "",
          "A local Graph Resumable Upload server. Prints one line when ready; logs go to stderr.",
          "",
          "Where and who",
          "  --host ADDRESS             Address to listen on (default 127.0.0.1).",
          "  --port N                   Port to listen on (default 0: a free one).",
          "  --data DIR                 Keep sessions and bytes here, across restarts.",
          "  --app-id ID                The app id accepted (default 1234567890).",
          "  --token T                  The access token accepted (default emulator-token).",
          "  --sink                     Count bytes and keep none (no SHA-256 of files).",
          "  --admin-token T            Require T in the X-Emulator-Admin-Token header of every",
          "                             admin call (/_emulator/...). Beyond loopback one is",
          "                             generated and printed as admin-token=...",
          "  --no-admin                 Turn the admin API off.",
          "  The admin API answers only calls addressed to a loopback name, and never a web",
          "  page's: a foreign Origin, Sec-Fetch-Site cross-site, or a form or text/plain body.",
          "  --session-lifetime SECONDS How long an unfinished session lives (default 1 day).",
          "",
          "HTTPS",
          "  --tls                      Serve HTTPS (h2, http/1.1) with a generated certificate;",
          "                             the startup line names the CA file to trust.",
          "  --tls-cert FILE            Serve HTTPS with this PEM certificate chain.",
          "  --tls-key FILE             The PEM (PKCS#8) private key of --tls-cert.",
          "",
          "Undocumented answers (docs/FIDELITY.md)",
          "  --graph-profile NAME       classic (default) or observed: the three below at once.",
          "  --handle-format 2|4        Handles as 2:<name>:<type>:… or 4::<type>:…",
          "  --mismatch-error 100|6001  How an offset mismatch is spelled (subcode 1363037 both).",
          "  --partial-reply KIND       offset, empty, 206, success or empty-object.",
          "  --offset-mismatch KIND     refuse (default) or accept-overlap of re-sent bytes.",
          "  --concurrent-writers KIND  newer-wins (default) or refuse-newer.",
          "",
          "Faults (seeded, reproducible)",
          "  --seed N                   Seed of the fault dice.",
          "  --cut-probability P        Cut a send's body at a random byte.",
          "  --cut-after BYTES          Cut every send after this many body bytes.",
          "  --lose-reply-probability P Keep a send's bytes, then drop its reply.",
          "  --error-probability P      Answer with a transient Graph error (code 1 or 2).",
          "  --throttle-probability P   Answer with a throttling error (code 4, 17 or 613).",
          "  --latency MS               Wait this long before each reply.",
          "  --bandwidth BYTES_PER_SECOND  Read bodies no faster than this, all connections together.",
          "  --connection-bandwidth BYTES_PER_SECOND",
          "                             Read each connection's body no faster than this.",
          "",
          "  -h, --help                 Show this help.");

  private EmulatorMain() {}

  /**
   * Starts the emulator and waits until the process is stopped.
   *
   * @param args the options above
   */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    GraphEmulatorBuilder builder;
    try {
      builder = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("graph-upload emulator: " + e.getMessage());
      err.println("Run 'graph-upload emulator --help' for the options.");
      return 2;
    }
    if (builder == null) {
      out.println(USAGE);
      return 0;
    }
    GraphEmulator emulator;
    try {
      emulator = builder.build();
    } catch (RuntimeException e) {
      // a failed bind's exception may carry no message of its own: name its type then
      err.println(
          "graph-upload emulator: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  emulator.close();
                  stopped.countDown();
                },
                "graph-emulator-shutdown"));
    if (emulator.exposed()) {
      err.println(
          "graph-upload emulator: WARNING: listening on "
              + emulator.baseUrl()
              + ", beyond loopback: others on the network reach Graph's endpoints (the token"
              + " guards them) and "
              + (emulator.adminToken().isPresent()
                  ? "the admin API, which lists every session and serves every uploaded file:"
                      + " it needs the admin-token printed below (--no-admin turns it off)"
                  : "no admin API (--no-admin)"));
    }
    out.println(emulator.startupLine());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * Reads the options into a builder.
   *
   * @return the builder, or null when help was asked for
   * @throws IllegalArgumentException naming the option that is wrong
   */
  static GraphEmulatorBuilder parse(String[] args) {
    GraphEmulatorBuilder builder = GraphEmulator.builder();
    FaultSettings faults = FaultSettings.none();
    Path tlsCert = null;
    Path tlsKey = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        return null;
      }
      if (option.equals("--sink")) {
        builder.sink(true);
        continue;
      }
      if (option.equals("--tls")) {
        builder.tls(true);
        continue;
      }
      if (option.equals("--no-admin")) {
        builder.admin(false);
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(
            option.startsWith("--")
                ? option + " needs a value"
                : "unexpected argument '" + option + "'");
      }
      String value = args[++i];
      try {
        switch (option) {
          case "--host" -> builder.host(value);
          case "--port" -> builder.port(Integer.parseInt(value));
          case "--data" -> builder.dataDirectory(Path.of(value));
          case "--app-id" -> builder.appIds(value);
          case "--token" -> builder.tokens(value);
          case "--admin-token" -> builder.adminToken(value);
          case "--seed" -> faults = faults.withSeed(Long.parseLong(value));
          case "--cut-probability" -> faults = faults.withCutProbability(Double.parseDouble(value));
          case "--lose-reply-probability" ->
              faults = faults.withLoseReplyProbability(Double.parseDouble(value));
          case "--error-probability" ->
              faults = faults.withErrorProbability(Double.parseDouble(value));
          case "--throttle-probability" ->
              faults = faults.withThrottleProbability(Double.parseDouble(value));
          case "--latency" -> faults = faults.withLatencyMillis(Long.parseLong(value));
          case "--bandwidth" -> faults = faults.withBandwidth(Long.parseLong(value));
          case "--connection-bandwidth" -> builder.connectionBandwidth(Long.parseLong(value));
          case "--cut-after" -> faults = faults.withCutAfterBytes(Long.parseLong(value));
          case "--offset-mismatch" ->
              builder.offsetMismatch(OffsetMismatch.valueOf(constant(value)));
          case "--partial-reply" -> builder.partialReply(partialReply(value));
          case "--graph-profile" -> builder.profile(GraphProfile.named(value));
          case "--tls-cert" -> tlsCert = Path.of(value);
          case "--tls-key" -> tlsKey = Path.of(value);
          case "--handle-format" ->
              builder.handleFormat(
                  switch (value) {
                    case "2" -> HandleFormat.V2;
                    case "4" -> HandleFormat.V4;
                    default -> throw new IllegalArgumentException("use 2 or 4");
                  });
          case "--mismatch-error" ->
              builder.mismatchError(
                  switch (value) {
                    case "100" -> MismatchError.CODE_100;
                    case "6001" -> MismatchError.CODE_6001;
                    default -> throw new IllegalArgumentException("use 100 or 6001");
                  });
          case "--concurrent-writers" ->
              builder.concurrentWriters(ConcurrentWriters.valueOf(constant(value)));
          case "--session-lifetime" ->
              builder.sessionLifetime(Duration.ofSeconds(Long.parseLong(value)));
          default -> throw new IllegalArgumentException("unknown option '" + option + "'");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes a number; got '" + value + "'");
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("unknown option")) {
          throw e;
        }
        throw new IllegalArgumentException(option + ": " + e.getMessage());
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (tlsCert != null) {
      builder.tls(tlsCert, tlsKey);
    }
    return builder.faults(faults);
  }

  private static String constant(String value) {
    return value.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static PartialReply partialReply(String value) {
    return switch (value) {
      case "offset" -> PartialReply.OFFSET_JSON;
      case "empty" -> PartialReply.EMPTY_BODY;
      case "206" -> PartialReply.STATUS_206;
      case "success" -> PartialReply.SUCCESS;
      case "empty-object" -> PartialReply.EMPTY_OBJECT;
      default ->
          throw new IllegalArgumentException("use offset, empty, 206, success or empty-object");
    };
  }
}
