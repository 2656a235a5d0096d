package dev.graphupload.samples.service;

import dev.graphupload.core.FileType;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadRequest;
import dev.graphupload.core.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code POST /uploads} takes a multipart {@code file}, saves it to a temporary file and uploads it
 * to Graph under a key: the client's {@code Idempotency-Key} header, else the SHA-256 of the
 * content. The key is what lets a retried request resume: each request's temporary file is new, but
 * its key is the same, so the upload goes on from the bytes Graph already holds.
 *
 * <p>By default the answer is {@code 202 Accepted} at once, with a status URL in {@code Location};
 * {@code ?wait=true} answers when the upload ends, {@code 201} with the handle. Failures are {@code
 * ProblemDetail}s ({@link UploadProblems}).
 */
@RestController
public class UploadController {

  private static final Duration LONG_POLL = Duration.ofSeconds(30);

  private final GraphUploader uploader;
  private final UploadJobs jobs;

  UploadController(GraphUploader uploader, UploadJobs jobs) {
    this.uploader = uploader;
    this.jobs = jobs;
  }

  @PostMapping("/uploads")
  ResponseEntity<Map<String, Object>> upload(
      @RequestParam("file") MultipartFile file,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestParam(name = "wait", defaultValue = "false") boolean wait)
      throws IOException, InterruptedException {
    if (file.isEmpty()) {
      throw new EmptyUploadException();
    }
    Optional<UploadJobs.Job> running =
        Optional.ofNullable(idempotencyKey).flatMap(jobs::runningFor);
    if (running.isPresent() && !wait) {
      return accepted(running.get()); // the same request again while it runs: one upload
    }
    Saved saved = save(file);
    String key = idempotencyKey != null ? idempotencyKey : saved.contentKey();
    UploadRequest.Builder request = UploadRequest.builder(saved.path()).key(key);
    String name = file.getOriginalFilename();
    if (name != null && !name.isBlank()) {
      request.fileName(Path.of(name).getFileName().toString()); // the name Graph sees
    }
    knownType(file.getContentType()).ifPresent(request::fileType);
    UploadJobs.Job job = jobs.start(key, () -> uploader.uploadAsync(request.build()), saved.path());
    if (!wait) {
      return accepted(job);
    }
    try {
      UploadResult result = job.result().get();
      return ResponseEntity.status(HttpStatus.CREATED)
          .location(URI.create("/uploads/" + job.id()))
          .body(UploadJobs.describe(job, result));
    } catch (ExecutionException e) {
      throw UploadProblems.unwrap(e);
    }
  }

  /**
   * Where an upload stands; {@code ?wait=true} answers when it ends, or after 30 seconds with its
   * state then (a long poll: fewer requests than polling, and within a proxy's timeout).
   */
  @GetMapping("/uploads/{id}")
  ResponseEntity<Map<String, Object>> status(
      @PathVariable String id, @RequestParam(name = "wait", defaultValue = "false") boolean wait)
      throws InterruptedException {
    UploadJobs.Job job = jobs.find(id).orElseThrow(() -> new UnknownUploadException(id));
    CompletableFuture<UploadResult> result = job.result();
    if (wait) {
      try {
        result.get(LONG_POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // answered below: the failure as a problem, or the state so far
      }
    }
    if (!result.isDone()) {
      return ResponseEntity.ok(Map.of("id", job.id(), "state", "running"));
    }
    try {
      return ResponseEntity.ok(UploadJobs.describe(job, result.join()));
    } catch (RuntimeException e) {
      throw UploadProblems.unwrap(e);
    }
  }

  private static ResponseEntity<Map<String, Object>> accepted(UploadJobs.Job job) {
    return ResponseEntity.accepted()
        .location(URI.create("/uploads/" + job.id()))
        .body(Map.of("id", job.id(), "state", "running", "status", "/uploads/" + job.id()));
  }

  /**
   * The type the client named; none, or {@code application/octet-stream}, leaves it to the file
   * name's extension. A type Graph does not take is refused here, before a byte is sent.
   */
  private static Optional<FileType> knownType(String contentType) {
    if (contentType == null || contentType.equalsIgnoreCase("application/octet-stream")) {
      return Optional.empty();
    }
    return Optional.of(FileType.of(contentType)); // another type: refused, 415 (UploadProblems)
  }

  private record Saved(Path path, String contentKey) {}

  /** The part, in a private temporary file, and the SHA-256 of its bytes as a key. */
  private static Saved save(MultipartFile file) throws IOException {
    Path temp = Files.createTempFile("graph-upload-request-", ".part");
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(file.getInputStream(), sha256);
        OutputStream out = Files.newOutputStream(temp)) {
      in.transferTo(out);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return new Saved(temp, UploadRequest.contentKey(sha256.digest()));
  }

  /** A request with no bytes. */
  static final class EmptyUploadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmptyUploadException() {
      super("The part 'file' is empty: send the file's bytes as the multipart part 'file'");
    }
  }

  /** A status URL this service does not know. */
  static final class UnknownUploadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownUploadException(String id) {
      super("No upload " + id + " is known here (statuses are kept in memory, for an hour)");
    }
  }
}
