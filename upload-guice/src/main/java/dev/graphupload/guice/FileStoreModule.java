package dev.graphupload.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.storage.file.FileSessionStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Binds {@link SessionStore} to a {@link FileSessionStore} in a directory. Needs {@code
 * storage-file}.
 */
public final class FileStoreModule extends AbstractModule {

  private final Path directory;

  /**
   * The file store in {@code directory}.
   *
   * @param directory where records live, such as {@link FileSessionStore#defaultDirectory()}
   */
  public FileStoreModule(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  @Provides
  @Singleton
  SessionStore store() {
    return FileSessionStore.open(directory);
  }
}
