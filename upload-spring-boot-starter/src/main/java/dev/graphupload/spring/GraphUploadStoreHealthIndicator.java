package dev.graphupload.spring;

import dev.graphupload.core.AppId;
import dev.graphupload.core.UploadKey;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.storage.file.FileSessionStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The session store's health: a file store's directory must be a writable directory; any other
 * store (Redis) must answer a read. Down, no upload can start or record its progress.
 */
public class GraphUploadStoreHealthIndicator extends AbstractHealthIndicator {

  private static final UploadKey PROBE =
      UploadKey.of(
          URI.create("https://health.graph-upload.invalid"), AppId.of("0"), Path.of("/probe"));

  private final SessionStore store;

  /**
   * The health of {@code store}.
   *
   * @param store the uploader's store
   */
  public GraphUploadStoreHealthIndicator(SessionStore store) {
    super("The graph-upload session store could not be checked");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("store", store.getClass().getSimpleName());
    if (store instanceof FileSessionStore files) {
      Path dir = files.directory();
      builder.withDetail("directory", dir.toString());
      if (Files.isDirectory(dir) && Files.isWritable(dir)) {
        builder.up();
      } else {
        builder.down().withDetail("error", dir + " is not a writable directory");
      }
      return;
    }
    store.find(PROBE); // throws when the store cannot be reached: reported down, with the cause
    builder.up();
  }
}
