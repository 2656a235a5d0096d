package dev.graphupload.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.emulator.GraphEmulatorExtension;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.testkit.TestData;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.embedded.RedisServer;

class GuiceWiringTest {

  @RegisterExtension static final GraphEmulatorExtension EMULATOR = new GraphEmulatorExtension();

  @TempDir static Path dir;

  static final int REDIS_PORT = freePort();
  static RedisServer redis;

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeAll
  static void startRedis() throws Exception {
    redis =
        RedisServer.newRedisServer()
            .port(REDIS_PORT)
            .bind("127.0.0.1")
            .setting("appendonly no")
            .build();
    redis.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.stop();
  }

  static Stream<Arguments> combinations() {
    return Stream.of(
        Arguments.of(
            "jdk + memory",
            new JdkTransportModule(),
            new InMemoryStoreModule(),
            InMemorySessionStore.class),
        Arguments.of(
            "netty + memory",
            new NettyTransportModule(b -> b.threads(1)),
            new InMemoryStoreModule(),
            InMemorySessionStore.class),
        Arguments.of(
            "netty + files",
            new NettyTransportModule(),
            new FileStoreModule(Path.of("sessions")),
            FileSessionStore.class),
        Arguments.of(
            "netty + redis",
            new NettyTransportModule(),
            new RedisStoreModule(
                "redis://127.0.0.1:" + REDIS_PORT, b -> b.keyPrefix("guice-test:")),
            RedisSessionStore.class),
        Arguments.of(
            "jdk + files",
            new JdkTransportModule(b -> b.bufferSize(64 * 1024)),
            new FileStoreModule(Path.of("sessions")),
            FileSessionStore.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void givesAReadyUploaderForEachCombination(
      String name, Module transport, Module store, Class<?> storeType) throws Exception {
    GraphEmulator emulator = EMULATOR.emulator();
    Module storeModule =
        store instanceof FileStoreModule
            ? new FileStoreModule(dir.resolve(name.replace(' ', '_')))
            : store;
    Injector injector =
        Guice.createInjector(
            new GraphUploadModule(
                b ->
                    b.endpoint(emulator.baseUrl())
                        .appId(AppId.of(emulator.appId()))
                        .accessToken(AccessToken.of(emulator.token()))),
            transport,
            storeModule);

    GraphUploader uploader = injector.getInstance(GraphUploader.class);
    UploadResult result = uploader.upload(TestData.randomMp4(dir, 50_000, name.length()));

    assertThat(injector.getInstance(GraphUploader.class)).isSameAs(uploader);
    assertThat(injector.getInstance(HttpTransport.class))
        .isInstanceOf(name.startsWith("netty") ? NettyHttpTransport.class : JdkHttpTransport.class);
    assertThat(injector.getInstance(SessionStore.class)).isInstanceOf(storeType);
    assertThat(result.handle().value()).startsWith("2:");
    uploader.close();
    injector.getInstance(HttpTransport.class).close();
    if (injector.getInstance(SessionStore.class) instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
