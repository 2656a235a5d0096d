package dev.graphupload.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code graph-upload config}: each setting's value and where it came from. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Shows each setting's value and where it comes from: the environment, the config file, or"
          + " the default. A flag given to a command wins over all three.",
      "The config file is $XDG_CONFIG_HOME/graph-upload/config.properties (else"
          + " $HOME/.config/graph-upload/config.properties): one 'key = value' per line, keys as"
          + " the options without dashes (app-id, base-url, store, …). It may not hold the token."
    })
final class ConfigCommand implements Callable<Integer> {

  private final Map<String, String> env;

  ConfigCommand() {
    this(System.getenv());
  }

  ConfigCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintStream out = System.out;
    Settings settings = new Settings(env);
    out.println(
        "config file: "
            + settings.file()
            + (Files.isRegularFile(settings.file()) ? "" : " (none there)"));
    out.println("data home:   " + DataHome.resolve(env) + " (" + dataHomeSource() + ")");
    String format = "%-13s  %-40s  %s%n";
    out.printf(format, "SETTING", "VALUE", "FROM");
    for (Settings.Setting s : Settings.ALL) {
      var value = settings.valueOf(s);
      out.printf(
          format,
          s.key(),
          value.map(Settings.Value::value).orElse(s.builtIn()),
          value.map(Settings.Value::source).orElse("default"));
    }
    String token = env.get("GRAPH_ACCESS_TOKEN");
    boolean set = token != null && !token.isBlank();
    out.printf(
        format,
        "token",
        set ? "(set; never shown)" : "(not set: the embedded emulator is used)",
        set ? "environment (GRAPH_ACCESS_TOKEN)" : "--token or GRAPH_ACCESS_TOKEN only");
    return ExitCode.DONE;
  }

  private String dataHomeSource() {
    String own = env.get("GRAPH_UPLOAD_HOME");
    if (own != null && !own.isBlank()) {
      return "environment (GRAPH_UPLOAD_HOME)";
    }
    String home = env.get("HOME");
    return home != null && !home.isBlank() ? "from HOME" : "from the account's home";
  }
}
