package dev.graphupload.cli;

import java.util.List;

/**
 * What the build runs to make the launcher's start-up archive (and, on Java 25, its ahead-of-time
 * cache): the README's main job, one upload against the embedded emulator with each transport, in
 * one JVM, so that the classes of both are archived. Not part of the command.
 *
 * <pre>java -XX:ArchiveClassesAtExit=… -cp graph-upload.jar dev.graphupload.cli.Training STORE FILE
 * </pre>
 */
public final class Training {

  private Training() {}

  /**
   * Uploads FILE once per transport, each into a store of its own under STORE; exits with the first
   * failure's code.
   *
   * @param args the store directory's prefix and the file
   */
  public static void main(String[] args) {
    for (String transport : List.of("jdk", "netty")) {
      int code =
          Main.run(
              new String[] {
                "upload",
                "--quiet",
                "--transport",
                transport,
                "--store",
                args[0] + "-" + transport,
                args[1]
              });
      if (code != 0) {
        System.exit(code);
      }
    }
    System.exit(0);
  }
}
