package dev.graphupload.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransportBuilder;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Binds {@link HttpTransport} to a singleton {@link JdkHttpTransport}. Needs {@code transport-jdk}.
 */
public final class JdkTransportModule extends AbstractModule {

  private final UnaryOperator<JdkHttpTransportBuilder> settings;

  /** The JDK transport with its defaults. */
  public JdkTransportModule() {
    this(UnaryOperator.identity());
  }

  /**
   * The JDK transport as {@code settings} configures it.
   *
   * @param settings changes to the transport's builder
   */
  public JdkTransportModule(UnaryOperator<JdkHttpTransportBuilder> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Provides
  @Singleton
  HttpTransport transport() {
    return settings.apply(JdkHttpTransport.builder()).build();
  }
}
