package dev.graphupload.transport.netty;

import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Run as a process of its own by {@link NettyHttpTransportTest}: one request through a new
 * transport on the caller's event loop group, then the transport's close, then the names of the
 * threads that would keep this JVM up besides the group's own, one a line.
 *
 * <pre>java -cp … CloseAndList URL AUTHORIZATION</pre>
 */
public final class CloseAndList {

  private CloseAndList() {}

  public static void main(String[] args) throws Exception {
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("callers-group", true), NioIoHandler.newFactory());
    NettyHttpTransport transport =
        NettyHttpTransport.builder().eventLoopGroup(group, NioSocketChannel.class).build();
    int status =
        transport
            .execute(
                new TransportRequest(
                    "POST",
                    URI.create(args[0]),
                    Map.of("Authorization", args[1]),
                    RequestBody.empty(),
                    Duration.ofSeconds(10),
                    65536),
                BodyProgress.NONE)
            .get(10, TimeUnit.SECONDS)
            .status();
    transport.close();
    System.out.println("status " + status + ", open connections " + transport.openConnections());
    Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread())
        .forEach(t -> System.out.println("keeps the JVM up: " + t.getName()));
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS);
  }
}
