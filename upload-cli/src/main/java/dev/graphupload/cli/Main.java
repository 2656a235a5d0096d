package dev.graphupload.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/** The entry point of {@code graph-upload}. */
public final class Main {

  private Main() {}

  /**
   * Runs the command and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    rememberTokens(args);
    Signals.watch();
    boolean verbose = Arrays.asList(args).contains("--verbose");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // -Dorg.slf4j.simpleLogger.defaultLogLevel=trace on the java command line wins
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
    }
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      // Netty registers its allocator's flight-recorder events on first use, generating their
      // classes: a tenth of a second of CPU on the event loop of every run (profiled), for events
      // nobody records from a command. -Dio.netty.jfr.enabled=true brings them back.
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    // picocli looks for Groovy's closure class, and makes converters for java.sql and java.time
    // types by reflection, at every start: no option needs them (the lease has its own
    // converter), and the lookups took about 20 ms of a one-file upload's start (profiled)
    System.setProperty("picocli.disable.closures", "true");
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
    }
    PrintStream out = new ScrubbingPrintStream(System.out);
    PrintStream err = new ScrubbingPrintStream(System.err);
    System.setOut(out);
    System.setErr(err);
    CommandLine cli = GraphUploadCommand.forArguments(args);
    // flags > environment > config file > defaults, for every subcommand
    cli.setDefaultValueProvider(new Settings(System.getenv()));
    // wide enough that no URL or path in a description is cut at a dot
    cli.setUsageHelpWidth(110);
    cli.setUsageHelpLongOptionsMaxWidth(34);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler(
        (e, arguments) -> {
          err.println("graph-upload: " + e.getMessage());
          err.println(
              "Try 'graph-upload "
                  + (e.getCommandLine().getParent() == null
                      ? ""
                      : e.getCommandLine().getCommandName() + " ")
                  + "--help'.");
          return ExitCode.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UsageException) {
            err.println("graph-upload: " + e.getMessage());
            return ExitCode.USAGE;
          }
          err.println("graph-upload: " + e.getMessage());
          if (verbose) {
            e.printStackTrace(err);
          } else if (ExitCode.of(e) == ExitCode.UNEXPECTED) {
            err.println("(run with --verbose to see where it happened)");
          }
          return ExitCode.of(e);
        });
    return cli.execute(args);
  }

  private static void rememberTokens(String[] args) {
    Secrets.remember(new Settings(System.getenv()).token().orElse(null));
    if (args.length > 0 && args[0].equals("emulator")) {
      // the emulator's --token is the test token it accepts, and its startup line must print it
      // as given: scripts read the token from that line
      return;
    }
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--token") && i + 1 < args.length) {
        Secrets.remember(args[i + 1]);
      } else if (args[i].startsWith("--token=")) {
        Secrets.remember(args[i].substring("--token=".length()));
      }
    }
  }
}
