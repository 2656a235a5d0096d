package dev.graphupload.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import dev.graphupload.testkit.TestData;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A file region over TLS goes as chunks with an exact Content-Length (never chunked transfer
 * encoding), and arrives byte for byte; host names are verified. The server is a small TLS server
 * with a certificate made by keytool for this test.
 */
@ExtendWith(FailOnLeaks.class)
class NettyTlsTest {

  @TempDir Path dir;
  private EventLoopGroup serverGroup;
  private Channel server;
  private Path certificate;

  @BeforeEach
  void startTlsServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    certificate = dir.resolve("server.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "test",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    run(
        keytool,
        "-exportcert",
        "-rfc",
        "-alias",
        "test",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        certificate.toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    var serverSsl = SslContextBuilder.forServer(keys).build();
    serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    server =
        new ServerBootstrap()
            .group(serverGroup)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            serverSsl.newHandler(ch.alloc()),
                            new HttpServerCodec(),
                            new Digesting());
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(output).isTrue();
  }

  @AfterEach
  void stop() {
    server.close().syncUninterruptibly();
    serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Replies with how the body came (length header, transfer encoding) and its SHA-256. */
  private static final class Digesting extends SimpleChannelInboundHandler<HttpObject> {
    private MessageDigest digest;
    private long received;
    private String contentLength;
    private String transferEncoding;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
      if (msg instanceof HttpRequest request) {
        digest = MessageDigest.getInstance("SHA-256");
        received = 0;
        contentLength = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        transferEncoding = request.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
      }
      if (msg instanceof HttpContent content) {
        ByteBuf data = content.content();
        received += data.readableBytes();
        digest.update(data.nioBuffer());
        if (msg instanceof LastHttpContent) {
          String body =
              "{\"contentLength\":\""
                  + contentLength
                  + "\",\"transferEncoding\":\""
                  + transferEncoding
                  + "\",\"received\":"
                  + received
                  + ",\"sha256\":\""
                  + HexFormat.of().formatHex(digest.digest())
                  + "\"}";
          var response =
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1,
                  HttpResponseStatus.OK,
                  Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
          response
              .headers()
              .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
          ctx.writeAndFlush(response);
        }
      }
    }
  }

  private TransportRequest send(String host, Path file, long offset, long length) {
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    return new TransportRequest(
        "POST",
        URI.create("https://" + host + ":" + port + "/v24.0/upload:x?sig=y"),
        Map.of("file_offset", Long.toString(offset)),
        new RequestBody.FileRegion(file, offset, length),
        Duration.ofSeconds(30),
        65536);
  }

  @ParameterizedTest
  @EnumSource(names = {"JDK", "OPENSSL"})
  void sendsAFileRegionOverTlsWithAnExactLength(SslProvider provider) throws Exception {
    Path file = TestData.randomMp4(dir, 5_000_000, 1);
    byte[] region = Arrays.copyOfRange(Files.readAllBytes(file), 1_000, 4_001_000);
    try (NettyHttpTransport transport =
        NettyHttpTransport.builder()
            .trustedCertificates(certificate)
            .sslProvider(provider)
            .build()) {
      assertThat(transport.toString())
          .contains(provider == SslProvider.JDK ? "TLS JDK" : "TLS OpenSSL");
      List<Long> progress = new CopyOnWriteArrayList<>();

      TransportResponse response =
          transport
              .execute(send("localhost", file, 1_000, 4_000_000), progress::add)
              .get(60, TimeUnit.SECONDS);

      String body = response.bodyText();
      assertThat(body)
          .contains("\"contentLength\":\"4000000\"")
          .contains("\"transferEncoding\":\"null\"")
          .contains("\"received\":4000000");
      assertThat(body)
          .contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(region)));
      assertThat(progress).isSorted().last().isEqualTo(4_000_000L);
    }
  }

  @Test
  void usesOpenSslWhenItIsOnTheClassPathAndTheJdksOtherwise() {
    // netty-tcnative-boringssl-static is an optional dependency, on this module's test class path
    assertThat(OpenSsl.isAvailable()).as("OpenSSL usable in this test").isTrue();
    try (NettyHttpTransport byDefault =
            NettyHttpTransport.builder().trustedCertificates(certificate).build();
        NettyHttpTransport jdk =
            NettyHttpTransport.builder().sslProvider(SslProvider.JDK).build()) {
      assertThat(byDefault.toString()).contains("TLS not yet used");
      assertThat(byDefault.tls()).isInstanceOf(OpenSslContext.class);
      assertThat(byDefault.toString()).contains("TLS OpenSSL");
      assertThat(jdk.toString()).contains("TLS JDK");
    }
  }

  @Test
  void refusesAServerWhoseCertificateDoesNotNameTheHost() throws Exception {
    Path file = TestData.randomMp4(dir, 10_000, 2);
    try (NettyHttpTransport transport =
        NettyHttpTransport.builder()
            .sslContext(SslContextBuilder.forClient().trustManager(certificate.toFile()).build())
            .build()) {
      var exchange = transport.execute(send("127.0.0.1", file, 0, 10_000), BodyProgress.NONE);

      assertThat(Assertions.catchThrowable(() -> exchange.get(60, TimeUnit.SECONDS)))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("is not issued for 127.0.0.1");
    }
  }
}
