package dev.graphupload.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The command's settings in their layers: a flag wins over the environment, the environment over
 * the config file ({@code $XDG_CONFIG_HOME/graph-upload/config.properties}, else {@code
 * $HOME/.config/graph-upload/config.properties}), the file over the built-in default. picocli asks
 * it for the value of every option not given on the command line.
 *
 * <p>The access token is read from {@code --token} or {@code GRAPH_ACCESS_TOKEN} only: a config
 * file is easier to leak than the environment, so it may not hold one.
 */
final class Settings implements CommandLine.IDefaultValueProvider {

  /**
   * One setting.
   *
   * @param key its name in the config file, and its option without the dashes
   * @param env the environment variable that sets it, or null
   * @param builtIn what it is when nothing sets it, in words
   */
  record Setting(String key, String env, String builtIn) {
    String option() {
      return "--" + key;
    }
  }

  static final List<Setting> ALL =
      List.of(
          new Setting("app-id", "GRAPH_APP_ID", "none (needed for Graph; the emulator has one)"),
          new Setting(
              "base-url",
              "GRAPH_UPLOAD_BASE_URL",
              "https://graph.facebook.com with a token, else the embedded emulator"),
          new Setting("api-version", null, "v24.0"),
          new Setting("transport", null, "jdk"),
          new Setting("store", "GRAPH_UPLOAD_STORE", "the sessions directory of the data home"),
          new Setting("max-attempts", "GRAPH_UPLOAD_MAX_ATTEMPTS", "8"),
          new Setting("parallel", null, "2"),
          new Setting("chunk-size", null, "the whole file in one request"),
          new Setting("lease", null, "30s (a Redis store's)"),
          new Setting("token-file", null, "none (the token then comes from GRAPH_ACCESS_TOKEN)"));

  private final Map<String, String> env;
  private final Path file;
  private Properties fromFile;

  Settings(Map<String, String> env) {
    this.env = env;
    this.file = fileOf(env);
  }

  /** Whether {@code option} is one the commands that talk to Graph share (not the emulator's). */
  private static boolean isUploadOption(CommandLine.Model.OptionSpec option) {
    CommandLine.Model.CommandSpec command = option.command();
    return command == null || !command.name().equals("emulator");
  }

  /** The config file's path, whether it exists or not. */
  static Path fileOf(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(
                Optional.ofNullable(env.get("HOME"))
                    .filter(h -> !h.isBlank())
                    .orElse(System.getProperty("user.home")),
                ".config");
    return base.resolve("graph-upload").resolve("config.properties").toAbsolutePath();
  }

  Path file() {
    return file;
  }

  /** The environment variable that holds the access token: the only layer below the flag. */
  static final String TOKEN_ENV = "GRAPH_ACCESS_TOKEN";

  /** The access token from the environment, if set: never from the config file. */
  Optional<String> token() {
    return Optional.ofNullable(env.get(TOKEN_ENV)).filter(t -> !t.isBlank());
  }

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec argument) {
    if (!(argument instanceof CommandLine.Model.OptionSpec option)) {
      return null;
    }
    if (option.longestName().equals("--token") && isUploadOption(option)) {
      return token().orElse(null);
    }
    for (Setting s : ALL) {
      if (s.option().equals(option.longestName())) {
        return valueOf(s).map(Value::value).orElse(null);
      }
    }
    return null;
  }

  /**
   * A value and where it came from.
   *
   * @param value the value
   * @param source such as "environment (GRAPH_APP_ID)"
   */
  record Value(String value, String source) {}

  /** The value of a setting from the environment or the file, if either sets it. */
  Optional<Value> valueOf(Setting setting) {
    if (setting.env() != null) {
      String fromEnv = env.get(setting.env());
      if (fromEnv != null && !fromEnv.isBlank()) {
        return Optional.of(new Value(fromEnv, "environment (" + setting.env() + ")"));
      }
    }
    String fromConfig = fileProperties().getProperty(setting.key());
    if (fromConfig != null && !fromConfig.isBlank()) {
      return Optional.of(new Value(fromConfig.strip(), "config file"));
    }
    return Optional.empty();
  }

  private Properties fileProperties() {
    if (fromFile != null) {
      return fromFile;
    }
    Properties read = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        read.load(in);
      } catch (IOException | IllegalArgumentException e) {
        throw new UsageException("cannot read the config file " + file + ": " + e.getMessage());
      }
      for (String key : read.stringPropertyNames()) {
        if (key.equals("token") || key.equals("access-token")) {
          throw new UsageException(
              "the config file "
                  + file
                  + " holds an access token; remove it, and pass --token or set"
                  + " GRAPH_ACCESS_TOKEN instead (a file is easier to leak than the environment)");
        }
        if (ALL.stream().noneMatch(s -> s.key().equals(key))) {
          throw new UsageException(
              "unknown setting '"
                  + key
                  + "' in the config file "
                  + file
                  + "; it may hold: "
                  + String.join(", ", ALL.stream().map(Setting::key).toList()));
        }
      }
    }
    fromFile = read;
    return read;
  }
}
