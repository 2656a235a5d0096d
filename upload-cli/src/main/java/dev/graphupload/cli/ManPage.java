package dev.graphupload.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The man page of {@code graph-upload} (section 1, troff {@code -man}), made from the same picocli
 * model as {@code --help}, so the two never disagree. The build writes it to {@code
 * target/man/graph-upload.1}; {@code man -l} shows it.
 */
public final class ManPage {

  private ManPage() {}

  /**
   * Writes the man page.
   *
   * @param args the file to write
   * @throws IOException if it cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "target/man/graph-upload.1");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  /** The page, in troff. */
  static String render() {
    CommandLine cli = GraphUploadCommand.all();
    CommandSpec top = cli.getCommandSpec();
    StringBuilder page = new StringBuilder();
    page.append(".TH GRAPH-UPLOAD 1 \"\" \"")
        .append(escape(top.version()[0]))
        .append("\" \"User Commands\"\n");
    page.append(".SH NAME\ngraph-upload \\- ").append(escape(first(top))).append('\n');
    page.append(".SH SYNOPSIS\n");
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (sub.getCommandSpec().usageMessage().hidden()) {
        continue;
      }
      page.append(".B graph-upload ")
          .append(escape(sub.getCommandName()))
          .append("\n[\\fIOPTIONS\\fR]");
      for (PositionalParamSpec p : sub.getCommandSpec().positionalParameters()) {
        page.append(" \\fI").append(escape(p.paramLabel())).append("\\fR");
        if (p.arity().max() > 1) {
          page.append("...");
        }
      }
      page.append("\n.br\n");
    }
    page.append(".SH DESCRIPTION\n");
    for (String line : top.usageMessage().description()) {
      page.append(escape(line)).append("\n.PP\n");
    }
    page.append(".SH COMMANDS\n");
    for (CommandLine sub : cli.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      page.append(".SS ").append(escape(sub.getCommandName())).append('\n');
      for (String line : spec.usageMessage().description()) {
        page.append(escape(line)).append("\n.PP\n");
      }
      for (OptionSpec option : spec.options()) {
        if (option.hidden()) {
          continue;
        }
        page.append(".TP\n\\fB").append(escape(String.join(", ", option.names()))).append("\\fR");
        if (option.arity().max() > 0 && !option.paramLabel().isBlank()) {
          page.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
        }
        page.append('\n');
        page.append(
                escape(
                    String.join(" ", option.description())
                        .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()))))
            .append('\n');
      }
      for (String line : spec.usageMessage().footer()) {
        page.append(escape(line.strip())).append("\n.br\n");
      }
    }
    page.append(".SH EXIT STATUS\n");
    page.append(".TP\n0\nEvery file has its handle.\n");
    page.append(".TP\n2\nBad usage or bad input: the message names the problem.\n");
    page.append(".TP\n3\nRejected by the server; Graph's code is shown.\n");
    page.append(".TP\n4\nGave up after retries; run the same command again to resume.\n");
    page.append(
        ".TP\n130, 143\nInterrupted by SIGINT (Ctrl-C) or SIGTERM; the records are kept.\n");
    page.append(".SH ENVIRONMENT\n");
    page.append(".TP\nGRAPH_ACCESS_TOKEN\nThe access token (or \\fB--token\\fR); never shown.\n");
    for (Settings.Setting s : Settings.ALL) {
      if (s.env() != null) {
        page.append(".TP\n")
            .append(s.env())
            .append("\nThe default of \\fB")
            .append(escape(s.option()))
            .append("\\fR.\n");
      }
    }
    page.append(".TP\nGRAPH_UPLOAD_HOME\nWhere the data goes (default $HOME/.graph-upload).\n");
    page.append(".TP\nXDG_CONFIG_HOME\nWhere the config file is looked for.\n");
    page.append(".SH FILES\n");
    page.append(".TP\n$XDG_CONFIG_HOME/graph-upload/config.properties\n")
        .append("Settings, one key = value per line (")
        .append(
            escape(String.join(", ", Settings.ALL.stream().map(Settings.Setting::key).toList())))
        .append("); below flags and the environment. \\fBgraph-upload config\\fR shows them.\n");
    page.append(".TP\n$GRAPH_UPLOAD_HOME/sessions\nThe session records (0600).\n");
    return page.toString();
  }

  private static String first(CommandSpec spec) {
    String[] description = spec.usageMessage().description();
    return description.length == 0 ? "" : description[0];
  }

  /** Escapes what troff would take as its own: backslashes, and a leading dot or quote. */
  static String escape(String text) {
    String escaped = text.replace("\\", "\\e").replace("-", "\\-");
    if (escaped.startsWith(".") || escaped.startsWith("'")) {
      escaped = "\\&" + escaped;
    }
    return escaped.replace("\n", " ");
  }
}
