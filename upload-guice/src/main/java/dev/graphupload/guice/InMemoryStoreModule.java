package dev.graphupload.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;

/** Binds {@link SessionStore} to an {@link InMemorySessionStore}: records die with the process. */
public final class InMemoryStoreModule extends AbstractModule {

  @Provides
  @Singleton
  SessionStore store() {
    return new InMemorySessionStore();
  }
}
