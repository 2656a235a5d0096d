package dev.graphupload.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The access token read from a file, or from standard input ({@code --token-file -}), as {@code gh
 * auth login --with-token} and {@code docker login --password-stdin} read theirs: the first line,
 * trimmed. A file that users other than its owner can read is refused, as ssh refuses such a key.
 */
final class TokenFile {

  private TokenFile() {}

  /**
   * The token of {@code path}.
   *
   * @param path a file, or {@code -} for standard input
   * @param stdin standard input
   * @return the token
   * @throws UsageException naming the file and what is wrong
   */
  static String read(String path, InputStream stdin) {
    if (path.equals("-")) {
      return firstLine(stdin, "standard input");
    }
    Path file = Path.of(path);
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.GROUP_READ)
          || mode.contains(PosixFilePermission.OTHERS_READ)) {
        throw new UsageException(
            "--token-file: "
                + file
                + " can be read by other users (mode "
                + PosixFilePermissions.toString(mode)
                + "); make it private with: chmod 600 "
                + file);
      }
    } catch (NoSuchFileException e) {
      throw new UsageException("--token-file: " + file + " does not exist");
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    } catch (IOException e) {
      throw new UsageException("--token-file: cannot read " + file + ": " + e.getMessage());
    }
    try (InputStream in = Files.newInputStream(file)) {
      return firstLine(in, file.toString());
    } catch (IOException e) {
      throw new UsageException("--token-file: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String firstLine(InputStream in, String what) {
    try {
      String line =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isBlank()) {
        throw new UsageException(
            "--token-file: " + what + " holds no token (its first line is empty)");
      }
      return line.strip();
    } catch (IOException e) {
      throw new UsageException("--token-file: cannot read " + what + ": " + e.getMessage());
    }
  }
}
