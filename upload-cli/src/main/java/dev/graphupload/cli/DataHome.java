package dev.graphupload.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the command keeps its data (session records, the embedded emulator's files): {@code
 * $GRAPH_UPLOAD_HOME}, else {@code $HOME/.graph-upload}, else the JVM's {@code user.home}. The
 * environment comes first because the JVM reads {@code user.home} from the password file, so a user
 * who points {@code HOME} elsewhere (a sandbox, a CI job, a container) would otherwise write into
 * the account's own home.
 */
final class DataHome {

  private DataHome() {}

  static Path resolve(Map<String, String> env) {
    String own = env.get("GRAPH_UPLOAD_HOME");
    if (own != null && !own.isBlank()) {
      return Path.of(own).toAbsolutePath();
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, ".graph-upload").toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".graph-upload");
  }

  static Path resolve() {
    return resolve(System.getenv());
  }
}
