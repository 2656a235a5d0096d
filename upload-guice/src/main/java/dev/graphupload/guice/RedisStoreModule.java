package dev.graphupload.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.storage.redis.RedisSessionStoreBuilder;
import java.util.Objects;
import java.util.function.UnaryOperator;

/** Binds {@link SessionStore} to a {@link RedisSessionStore}. Needs {@code storage-redis}. */
public final class RedisStoreModule extends AbstractModule {

  private final String uri;
  private final UnaryOperator<RedisSessionStoreBuilder> settings;

  /**
   * The Redis store at {@code uri}, such as {@code redis://127.0.0.1:6379}.
   *
   * @param uri the Redis URI
   */
  public RedisStoreModule(String uri) {
    this(uri, UnaryOperator.identity());
  }

  /**
   * The Redis store at {@code uri}, as {@code settings} configures it (lease time, prefix…).
   *
   * @param uri the Redis URI
   * @param settings changes to the store's builder
   */
  public RedisStoreModule(String uri, UnaryOperator<RedisSessionStoreBuilder> settings) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Provides
  @Singleton
  SessionStore store() {
    return settings.apply(RedisSessionStore.builder().uri(uri)).build();
  }
}
