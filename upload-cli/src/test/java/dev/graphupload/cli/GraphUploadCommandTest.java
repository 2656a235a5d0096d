package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * A subcommand built on its own (for a fast start) reads its arguments, and prints its help and its
 * errors, exactly as it does within the whole command.
 */
class GraphUploadCommandTest {

  @Test
  void theWholeCommandHasEverySubcommandInHelpsOrder() {
    assertThat(GraphUploadCommand.all().getSubcommands().keySet())
        .containsExactly(
            "upload", "status", "sessions", "emulator", "config", "help", "generate-completion");
  }

  @ParameterizedTest
  @ValueSource(strings = {"upload", "status", "sessions", "emulator", "config"})
  void aSubcommandOnItsOwnIsTheSameAsWithinTheWhole(String name) {
    CommandLine alone = GraphUploadCommand.forArguments(name, "--help");
    CommandLine whole = GraphUploadCommand.all();

    assertThat(alone.getSubcommands().keySet()).containsExactly(name);
    assertThat(alone.getSubcommands().get(name).getUsageMessage())
        .isEqualTo(whole.getSubcommands().get(name).getUsageMessage());
    assertThat(alone.getSubcommands().get(name).getCommandSpec().qualifiedName())
        .isEqualTo("graph-upload " + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"upload", "status", "sessions", "config"})
  void aMistypedOptionIsRefusedInTheSameWords(String name) {
    String[] args = {name, "--chunck-size", "8"};

    String alone = refusal(GraphUploadCommand.forArguments(args), args);
    String whole = refusal(GraphUploadCommand.all(), args);

    assertThat(alone).isEqualTo(whole).contains("--chunck-size");
  }

  @ParameterizedTest
  @ValueSource(strings = {"uplod", "help", "generate-completion", "--help", "--version"})
  void anythingElseGetsTheWholeCommand(String first) {
    assertThat(GraphUploadCommand.forArguments(first).getSubcommands()).hasSize(7);
    assertThat(GraphUploadCommand.forArguments().getSubcommands()).hasSize(7);
  }

  private static String refusal(CommandLine cli, String... args) {
    return catchThrowableOfType(CommandLine.ParameterException.class, () -> cli.parseArgs(args))
        .getMessage();
  }
}
