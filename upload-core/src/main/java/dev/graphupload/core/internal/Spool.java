package dev.graphupload.core.internal;

import dev.graphupload.core.InvalidFileException;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes that can be read only once, copied to a file so that an upload can read them again: a file
 * of the spool directory (0600 in a 0700 directory), deleted when the upload ends.
 */
public final class Spool {

  private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

  private Spool() {}

  /**
   * Spools the request's stream on a thread of its own (reading a stream blocks), then uploads the
   * spooled file with {@code upload}, and deletes the file when that upload ends. Cancelling the
   * result stops the spooling or the upload.
   *
   * @param request a request made with {@link UploadRequest#ofStream}
   * @param directory the spool directory; made (0700) if missing
   * @param upload starts the upload of the spooled request
   * @return the upload's result
   */
  public static CompletableFuture<UploadResult> thenUpload(
      UploadRequest request,
      Path directory,
      Function<UploadRequest, CompletableFuture<UploadResult>> upload) {
    CompletableFuture<UploadResult> result = new CompletableFuture<>();
    AtomicReference<CompletableFuture<UploadResult>> running = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              Path file;
              String key;
              try {
                Spooled spooled = toFile(request.stream().orElseThrow(), directory);
                file = spooled.file();
                key = spooled.contentKey();
              } catch (IOException e) {
                result.completeExceptionally(
                    new InvalidFileException(
                        request.label(),
                        "its stream could not be copied to the spool directory "
                            + directory
                            + ": "
                            + e.getMessage()
                            + " (the spool takes as much disk as the stream holds)",
                        e));
                return;
              }
              if (result.isDone()) {
                delete(file);
                return;
              }
              CompletableFuture<UploadResult> run;
              try {
                run = upload.apply(request.spooledTo(file, key));
              } catch (RuntimeException e) {
                delete(file);
                result.completeExceptionally(e);
                return;
              }
              running.set(run);
              run.whenComplete(
                  (done, failure) -> {
                    delete(file);
                    if (failure != null) {
                      result.completeExceptionally(Failures.toUploadException(failure));
                    } else {
                      result.complete(done);
                    }
                  });
              if (result.isCancelled()) {
                run.cancel(true);
              }
            },
            "graph-upload-spool");
    reader.setDaemon(true);
    result.whenComplete(
        (ignored, failure) -> {
          if (result.isCancelled()) {
            CompletableFuture<UploadResult> run = running.get();
            if (run != null) {
              run.cancel(true);
            } else {
              reader.interrupt();
            }
          }
        });
    reader.start();
    return result;
  }

  /**
   * A stream copied to a spool file.
   *
   * @param file the file (0600), the caller's to delete
   * @param contentKey {@code sha256:} and the SHA-256 of the bytes: the default key of a stream
   */
  public record Spooled(Path file, String contentKey) {}

  /**
   * Copies a stream to a new file of {@code directory} (made 0700 if missing), to its end.
   *
   * @param stream the bytes; read to its end, not closed
   * @param directory the spool directory
   * @return the file and the bytes' key
   * @throws IOException if the stream cannot be read or the file written (the file is deleted)
   */
  public static Spooled toFile(InputStream stream, Path directory) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
    Path file = copy(stream, directory, sha256);
    return new Spooled(file, UploadRequest.contentKey(sha256.digest()));
  }

  private static Path copy(InputStream stream, Path directory, MessageDigest sha256)
      throws IOException {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (posix) {
      Files.createDirectories(directory, attributes("rwx------"));
    } else {
      Files.createDirectories(directory);
    }
    Path file =
        posix
            ? Files.createTempFile(directory, "spool-", ".part", attributes("rw-------"))
            : Files.createTempFile(directory, "spool-", ".part");
    try (OutputStream out = Files.newOutputStream(file)) {
      new DigestInputStream(stream, sha256).transferTo(out);
    } catch (IOException | RuntimeException e) {
      delete(file);
      throw e;
    }
    return file;
  }

  private static FileAttribute<?> attributes(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }

  /**
   * Deletes a spool file; a failure is logged, not thrown.
   *
   * @param file the file
   */
  public static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete the spool file {}: {}", file, e.getMessage());
    }
  }
}
