package dev.graphupload.cli;

import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.emulator.GraphEmulatorBuilder;
import java.net.BindException;
import java.nio.file.Path;

/** The embedded emulator: a fixed data directory and, when free, a fixed port, so reruns resume. */
final class EmbeddedEmulator {
  static final int PORT = 8089;

  private EmbeddedEmulator() {}

  static GraphEmulator start(String appId) {
    Path data = DataHome.resolve().resolve("emulator");
    GraphEmulatorBuilder builder = GraphEmulator.builder().dataDirectory(data);
    if (appId != null) {
      builder.appIds(appId);
    }
    try {
      return builder.port(PORT).build();
    } catch (Exception e) { // a bind failure can arrive as a checked BindException
      if (isBindFailure(e)) {
        return builder.port(0).build();
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
