package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The man page names every command and option that help does, and renders. */
class ManPageTest {

  @TempDir Path dir;

  @Test
  void namesEveryCommandAndEveryOptionOfHelp() {
    String page = ManPage.render();

    CommandLine cli = GraphUploadCommand.all();
    for (CommandLine sub : cli.getSubcommands().values()) {
      assertThat(page).contains(".SS " + ManPage.escape(sub.getCommandName()));
      for (CommandLine.Model.OptionSpec option : sub.getCommandSpec().options()) {
        assertThat(page)
            .as("option %s of %s", option.longestName(), sub.getCommandName())
            .contains(ManPage.escape(option.longestName()));
      }
    }
    assertThat(page).contains(".SH EXIT STATUS").contains("GRAPH_UPLOAD_STORE").contains("143");
  }

  @Test
  void rendersWithGroffIntoReadableText() throws Exception {
    boolean hasGroff = Files.isExecutable(Path.of("/usr/bin/groff"));
    if (!hasGroff) { // said in the build's output too, not only in the report
      System.err.println("SKIPPED, NOT RUN: the man page's rendering (groff is not installed)");
    }
    assumeTrue(hasGroff, "groff is not installed");
    Path file = dir.resolve("graph-upload.1");
    ManPage.main(new String[] {file.toString()});
    Process groff =
        new ProcessBuilder("/usr/bin/groff", "-man", "-Tutf8", "-P", "-cbou", file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String text = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(groff.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(groff.exitValue()).isZero();
    assertThat(text).contains("NAME").contains("--verify-content").contains("graph-upload upload");
  }
}
