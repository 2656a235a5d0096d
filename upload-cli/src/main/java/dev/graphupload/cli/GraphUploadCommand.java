package dev.graphupload.cli;

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
      EmulatorCommand.class
    })
final class GraphUploadCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a command is needed: upload, status, sessions or emulator");
  }
}
