package dev.graphupload.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransportBuilder;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Binds {@link HttpTransport} to a singleton {@link NettyHttpTransport}. Needs {@code
 * transport-netty}.
 */
public final class NettyTransportModule extends AbstractModule {

  private final UnaryOperator<NettyHttpTransportBuilder> settings;

  /** The Netty transport with its defaults. */
  public NettyTransportModule() {
    this(UnaryOperator.identity());
  }

  /**
   * The Netty transport as {@code settings} configures it.
   *
   * @param settings changes to the transport's builder
   */
  public NettyTransportModule(UnaryOperator<NettyHttpTransportBuilder> settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Provides
  @Singleton
  HttpTransport transport() {
    return settings.apply(NettyHttpTransport.builder()).build();
  }
}
