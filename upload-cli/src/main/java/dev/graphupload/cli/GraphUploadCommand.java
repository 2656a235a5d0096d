package dev.graphupload.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code graph-upload}: the top-level command. */
@Command(
    name = "graph-upload",
    mixinStandardHelpOptions = true,
    version = "graph-upload 0.1.0-SNAPSHOT",
    description =
        "Uploads files to the Meta Graph API with its Resumable Upload API, and never loses progress.",
    subcommands = {
      UploadCommand.class,
      StatusCommand.class,
      SessionsCommand.class,
      EmulatorCommand.class,
      ConfigCommand.class,
      CommandLine.HelpCommand.class,
      AutoComplete.GenerateCompletion.class
    },
    footerHeading = "%n",
    footer = {
      "Exit codes:  0 done; 2 bad usage or bad input; 3 rejected by the server (Graph's code shown);",
      "             4 gave up after retries; 130 interrupted (143 on SIGTERM).",
      "Environment: GRAPH_ACCESS_TOKEN, GRAPH_APP_ID, GRAPH_UPLOAD_BASE_URL, GRAPH_UPLOAD_STORE,",
      "             GRAPH_UPLOAD_MAX_ATTEMPTS, and GRAPH_UPLOAD_HOME for the data (default",
      "             $HOME/.graph-upload). Flags win over the environment, the environment over",
      "             $XDG_CONFIG_HOME/graph-upload/config.properties; 'graph-upload config' shows which.",
      "Completion:  source <(graph-upload generate-completion)   (bash and zsh)"
    })
final class GraphUploadCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is needed: upload, status, sessions, config, emulator or help");
  }
}
