package dev.graphupload.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.GraphUploaderBuilder;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Provides a singleton {@link GraphUploader} built from the bound {@link HttpTransport} and {@link
 * SessionStore}, and the caller's settings:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *     new GraphUploadModule(b -> b.appId(AppId.of("123")).accessToken(AccessToken.of(token))),
 *     new JdkTransportModule(),
 *     new FileStoreModule(FileSessionStore.defaultDirectory()));
 * GraphUploader uploader = injector.getInstance(GraphUploader.class);
 * }</pre>
 *
 * <p>The settings function receives a builder with the transport and store already set, and may
 * change anything else (endpoint, policies, listener…).
 */
public final class GraphUploadModule extends AbstractModule {

  private final UnaryOperator<GraphUploaderBuilder> settings;

  /**
   * A module applying {@code settings} to the uploader's builder.
   *
   * @param settings sets at least the app id and the access token
   */
  public GraphUploadModule(UnaryOperator<GraphUploaderBuilder> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Provides
  @Singleton
  GraphUploader uploader(HttpTransport transport, SessionStore store) {
    return settings.apply(GraphUploader.builder().transport(transport).store(store)).build();
  }
}
