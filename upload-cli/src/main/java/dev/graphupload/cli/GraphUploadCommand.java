package dev.graphupload.cli;

import java.util.List;
import java.util.function.Supplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code graph-upload}: the top-level command, its model built in code ({@link CommandModel}). */
final class GraphUploadCommand implements Runnable {

  private static final String[] DESCRIPTION = {
    "Uploads files to the Meta Graph API with its Resumable Upload API, and never loses progress."
  };

  private static final String[] FOOTER = {
    "Exit codes:  0 done; 2 bad usage or bad input; 3 rejected by the server (Graph's code shown);",
    "             4 gave up after retries; 130 interrupted (143 on SIGTERM).",
    "Environment: GRAPH_ACCESS_TOKEN, GRAPH_APP_ID, GRAPH_UPLOAD_BASE_URL, GRAPH_UPLOAD_STORE,",
    "             GRAPH_UPLOAD_MAX_ATTEMPTS, and GRAPH_UPLOAD_HOME for the data (default",
    "             $HOME/.graph-upload). Flags win over the environment, the environment over",
    "             $XDG_CONFIG_HOME/graph-upload/config.properties; 'graph-upload config' shows which.",
    "Completion:  source <(graph-upload generate-completion)   (bash and zsh)"
  };

  /**
   * The subcommands, in the order help lists them; the first five run on their own, without the
   * others (see {@link #forArguments}).
   */
  private static final List<Supplier<Object>> SUBCOMMANDS =
      List.of(
          UploadCommand::model,
          StatusCommand::model,
          SessionsCommand::new,
          EmulatorCommand::new,
          ConfigCommand::new,
          CommandLine.HelpCommand::new,
          AutoComplete.GenerateCompletion::new);

  private static final List<String> ON_THEIR_OWN =
      List.of("upload", "status", "sessions", "emulator", "config");

  private CommandSpec spec;

  /** The top-level command alone, with no subcommand. */
  private static CommandLine top() {
    GraphUploadCommand command = new GraphUploadCommand();
    command.spec =
        CommandModel.withStandardHelp(
            CommandModel.command(command, "graph-upload", DESCRIPTION, FOOTER));
    command.spec.version("graph-upload 0.1.0-SNAPSHOT");
    return new CommandLine(command.spec);
  }

  /**
   * The whole command with every subcommand: for help, completion and the man page.
   *
   * @return the command line
   */
  static CommandLine all() {
    CommandLine cli = top();
    SUBCOMMANDS.forEach(subcommand -> cli.addSubcommand(subcommand.get()));
    return cli;
  }

  /**
   * The command for {@code args}: when their first word names a subcommand that runs on its own,
   * the command with that subcommand alone, else {@link #all()}. picocli builds its model of an
   * annotated command by reflection, and the others' models were 15–20 ms of a fresh JVM's 150 ms
   * for the whole (measured, docs/BENCHMARKS.md "Start-up"); help, errors and completion are the
   * same, as they name no sibling (GraphUploadCommandTest).
   *
   * @param args the command line
   * @return the command line to run them with
   */
  static CommandLine forArguments(String... args) {
    int index = args.length == 0 ? -1 : ON_THEIR_OWN.indexOf(args[0]);
    if (index < 0) {
      return all();
    }
    CommandLine cli = top();
    cli.addSubcommand(SUBCOMMANDS.get(index).get());
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is needed: upload, status, sessions, config, emulator or help");
  }
}
