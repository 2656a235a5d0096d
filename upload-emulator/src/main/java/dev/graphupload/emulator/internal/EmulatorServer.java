package dev.graphupload.emulator.internal;

import dev.graphupload.emulator.EmulatedSession;
import dev.graphupload.emulator.FaultSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/** The running server: event loops, the listening socket, and the shared state. */
public final class EmulatorServer implements AutoCloseable {

  private final EventLoopGroup group;
  private final Channel listener;
  private final ChannelGroup connections;
  private final EmulatorState state;
  private final int port;

  private EmulatorServer(
      EventLoopGroup group,
      Channel listener,
      ChannelGroup connections,
      EmulatorState state,
      int port) {
    this.group = group;
    this.listener = listener;
    this.connections = connections;
    this.state = state;
    this.port = port;
  }

  /** Opens the data directory and starts listening. */
  public static EmulatorServer start(EmulatorConfig config, FaultSettings faults)
      throws IOException {
    SessionRepository repository = SessionRepository.open(config);
    ExecutorService blocking =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "graph-emulator-blocking");
              thread.setDaemon(true);
              return thread;
            });
    EmulatorState state =
        new EmulatorState(
            config, repository, new Faults(faults), new Tokens(config.tokens()), blocking);
    AdminApi admin = new AdminApi(state, faults, new AdminGuard(config));
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
    // every open connection, so that close() closes them: shutting the event loops down alone can
    // leave an accepted connection open and unread, and its client waiting for a reply forever
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    try {
      ServerBootstrap bootstrap =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              // large reads: fewer trips through the pipeline per megabyte of body
              .childOption(
                  ChannelOption.RECVBUF_ALLOCATOR,
                  new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 1024 * 1024))
              .childHandler(new Initializer(config, state, admin, connections, tlsContext(config)));
      InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
      if (address.isUnresolved()) {
        throw new IllegalArgumentException(
            "cannot listen on '"
                + config.host()
                + "': it is neither an address of this machine nor a name that resolves to one;"
                + " use 127.0.0.1 (the default), ::1, or 0.0.0.0 for every interface");
      }
      Channel listener = bootstrap.bind(address).syncUninterruptibly().channel();
      int port = ((InetSocketAddress) listener.localAddress()).getPort();
      return new EmulatorServer(group, listener, connections, state, port);
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      blocking.shutdownNow();
      throw e;
    }
  }

  private static SslContext tlsContext(EmulatorConfig config) throws IOException {
    if (config.tls() == null) {
      return null;
    }
    try {
      return SslContextBuilder.forServer(
              config.tls().certificate().toFile(), config.tls().key().toFile())
          .sslProvider(SslProvider.JDK)
          .applicationProtocolConfig(
              new ApplicationProtocolConfig(
                  ApplicationProtocolConfig.Protocol.ALPN,
                  ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                  ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                  ApplicationProtocolNames.HTTP_2,
                  ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException(
          "Could not use the TLS certificate "
              + config.tls().certificate()
              + " and key "
              + config.tls().key()
              + " (PEM, the key in PKCS#8): "
              + e.getMessage(),
          e);
    }
  }

  public int port() {
    return port;
  }

  public Faults faults() {
    return state.faults;
  }

  public ReceivedBytes received() {
    return state.received;
  }

  public Script script() {
    return state.script;
  }

  /** A session's offset, by its id; null if there is none. */
  public Long offsetOf(String sessionId) throws IOException {
    StoredSession session = state.repository.findById(sessionId);
    if (session == null) {
      return null;
    }
    synchronized (session) {
      return session.offset;
    }
  }

  /** Every session, oldest first. */
  public List<EmulatedSession> sessions() {
    List<EmulatedSession> all = new ArrayList<>();
    List<StoredSession> stored = state.repository.all();
    stored.sort(Comparator.comparing(session -> session.createdAt));
    for (StoredSession session : stored) {
      synchronized (session) {
        all.add(
            new EmulatedSession(
                session.id,
                session.fileName,
                session.length,
                session.offset,
                Optional.ofNullable(session.handle)));
      }
    }
    return all;
  }

  /** A finished file's SHA-256 by its handle; null if unknown or kept in sink mode. */
  public String sha256Of(String handle) {
    StoredSession session = state.repository.findByHandle(handle);
    return session == null ? null : session.sha256;
  }

  public Tokens tokens() {
    return state.tokens;
  }

  /** Expires a session by its id; false if there is none. */
  public boolean expireSession(String sessionId) throws IOException {
    StoredSession session = state.repository.findById(sessionId);
    if (session == null) {
      return false;
    }
    state.repository.expire(session);
    return true;
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    state.blocking.shutdown();
    try {
      state.blocking.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
