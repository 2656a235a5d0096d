package dev.graphupload.storage.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test, to make a full disk or a read-only directory for real. It
 * needs root; without it the test is skipped and says so. Shared with the reliability suite through
 * this module's test jar.
 */
public final class TestDisk implements AutoCloseable {

  private final Path path;

  private TestDisk(Path path) {
    this.path = path;
  }

  /**
   * Mounts a tmpfs at {@code point} (created if missing), or skips the calling test.
   *
   * @param point where to mount it
   * @param options the mount options, such as {@code size=256k}
   */
  public static TestDisk tmpfs(Path point, String options) throws Exception {
    Files.createDirectories(point);
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", point.toString())
            .redirectErrorStream(true)
            .start();
    boolean ok = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    if (!ok) { // said in the build's output too, not only in the report
      System.err.println(
          "SKIPPED, NOT RUN: a full-disk or read-only store test (mounting a tmpfs needs root)");
    }
    Assumptions.assumeTrue(
        ok, "mounting a tmpfs needs root here: the full-disk and read-only tests were NOT run");
    return new TestDisk(point);
  }

  public Path path() {
    return path;
  }

  /** Remounts it, {@code ro} or {@code rw}. */
  public void remount(String mode) throws Exception {
    run("mount", "-o", "remount," + mode, path.toString());
  }

  /**
   * Writes a file until the disk is full.
   *
   * @return the file, to delete when the disk should have room again
   */
  public Path fill() throws IOException {
    Path filler = path.resolve("filler");
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] chunk = new byte[4096];
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
    return filler;
  }

  /** Unmounts it, even if something still has a file open there. */
  @Override
  public void close() throws IOException {
    try {
      run("umount", "-l", path.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while unmounting " + path, e);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as(String.join(" ", command))
        .isTrue();
  }
}
