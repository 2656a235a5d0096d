package dev.graphupload.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.GraphUploaderBuilder;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.micrometer.GraphUploadMetrics;
import dev.graphupload.micrometer.GraphUploadObservations;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.testkit.TestData;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

/** Each condition of the auto-configuration, one context at a time. */
class GraphUploadAutoConfigurationTest {

  private static final String TOKEN = "EAAG-SPRING-TEST-TOKEN-0123456789";

  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                GraphUploadAutoConfiguration.class, GraphUploadActuatorAutoConfiguration.class))
        .withPropertyValues(
            "graph-upload.app-id=1234567890",
            "graph-upload.access-token=" + TOKEN,
            "graph-upload.store.file.directory=" + dir.resolve("sessions"));
  }

  @Test
  void twoPropertiesGiveAnUploaderWithNettyWhenPresentAndTheFileStore() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(GraphUploader.class);
              assertThat(context.getBean(HttpTransport.class))
                  .isInstanceOf(NettyHttpTransport.class);
              assertThat(context.getBean(SessionStore.class)).isInstanceOf(FileSessionStore.class);
              assertThat(((FileSessionStore) context.getBean(SessionStore.class)).directory())
                  .isEqualTo(dir.resolve("sessions"));
              assertThat(context).doesNotHaveBean(GraphUploadMetrics.class);
            });
  }

  @Test
  void http2IsAPropertyOfTheJdkTransport() {
    runner()
        .withPropertyValues("graph-upload.transport.type=jdk", "graph-upload.transport.http2=true")
        .run(
            context ->
                assertThat(context.getBean(HttpTransport.class))
                    .isInstanceOf(JdkHttpTransport.class)
                    .hasToString("JdkHttpTransport[HTTP_2]"));
    runner()
        .withPropertyValues("graph-upload.transport.type=jdk")
        .run(
            context ->
                assertThat(context.getBean(HttpTransport.class))
                    .as("HTTP/1.1 unless asked")
                    .hasToString("JdkHttpTransport[HTTP_1_1]"));
  }

  @Test
  void withoutNettyTheJdkTransportAndByPropertyEitherOne() {
    runner()
        .withClassLoader(new FilteredClassLoader(NettyHttpTransport.class))
        .run(
            context ->
                assertThat(context.getBean(HttpTransport.class))
                    .isInstanceOf(JdkHttpTransport.class));
    runner()
        .withPropertyValues("graph-upload.transport.type=jdk")
        .run(
            context ->
                assertThat(context.getBean(HttpTransport.class))
                    .isInstanceOf(JdkHttpTransport.class));
    runner()
        .withClassLoader(new FilteredClassLoader(NettyHttpTransport.class))
        .withPropertyValues("graph-upload.transport.type=netty")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("transport-netty is not on the class path"));
  }

  @Test
  void theStoreByPropertyAndAClearErrorForWhatCannotBe() {
    runner()
        .withPropertyValues("graph-upload.store.type=memory")
        .run(
            context ->
                assertThat(context.getBean(SessionStore.class))
                    .isInstanceOf(InMemorySessionStore.class));
    runner()
        .withPropertyValues("graph-upload.store.type=redis")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining(
                        "graph-upload.store.redis.uri: graph-upload.store.type=redis needs it"));
    runner()
        .withPropertyValues("graph-upload.store.type=floppy")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("graph-upload.store.type: 'floppy' is not a store"));
  }

  @Test
  void aMissingAppIdOrTokenIsNamedAndTheTokenNeverShown() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(GraphUploadAutoConfiguration.class))
        .withPropertyValues("graph-upload.access-token=" + TOKEN, "graph-upload.store.type=memory")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("graph-upload.app-id: it is not set")
                    .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain(TOKEN)));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(GraphUploadAutoConfiguration.class))
        .withPropertyValues("graph-upload.app-id=1", "graph-upload.store.type=memory")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("graph-upload.access-token: it is not set"));
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    HttpTransport transport = JdkHttpTransport.create();
    SessionStore store = new InMemorySessionStore();
    runner()
        .withBean(HttpTransport.class, () -> transport)
        .withBean(SessionStore.class, () -> store)
        .run(
            context -> {
              assertThat(context.getBean(HttpTransport.class)).isSameAs(transport);
              assertThat(context.getBean(SessionStore.class)).isSameAs(store);
              assertThat(context).hasSingleBean(GraphUploader.class);
            });
    runner()
        .withBean("mine", GraphUploader.class, () -> null)
        .run(context -> assertThat(context).doesNotHaveBean("graphUploader"));
  }

  @Test
  void withARegistryTheMetricsAreBoundAndTheUploaderTakesThem() {
    runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(GraphUploadMetrics.class);
              assertThat(context.getBean(MeterRegistry.class).find("graph.upload.active").gauge())
                  .isNotNull();
            });
    runner().run(context -> assertThat(context).doesNotHaveBean("graphUploadMetrics"));
  }

  @Test
  void withActuatorTheStoresHealthAndWithoutItNone() {
    runner()
        .run(
            context ->
                assertThat(
                        context
                            .getBean("graphUploadStoreHealthIndicator", HealthIndicator.class)
                            .health()
                            .getStatus())
                    .isEqualTo(Status.UP));
    runner()
        .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean("graphUploadStoreHealthIndicator"));
  }

  @Test
  void aStoreDirectoryThatCannotBeWrittenIsReportedDown() throws Exception {
    runner()
        .run(
            context -> {
              Path sessions = dir.resolve("sessions");
              Files.setPosixFilePermissions(sessions, PosixFilePermissions.fromString("r-x------"));
              try {
                boolean root = Files.isWritable(sessions); // root writes anyway
                Status status =
                    context
                        .getBean("graphUploadStoreHealthIndicator", HealthIndicator.class)
                        .health()
                        .getStatus();
                assertThat(status).isEqualTo(root ? Status.UP : Status.DOWN);
              } finally {
                Files.setPosixFilePermissions(
                    sessions, PosixFilePermissions.fromString("rwx------"));
              }
            });
  }

  @Test
  void actuatorShowsTheTokenMaskedEvenWhenItShowsValues() {
    runner()
        .withConfiguration(
            AutoConfigurations.of(
                EndpointAutoConfiguration.class,
                ConfigurationPropertiesReportEndpointAutoConfiguration.class,
                EnvironmentEndpointAutoConfiguration.class))
        .withPropertyValues(
            "management.endpoints.web.exposure.include=*",
            "management.endpoint.configprops.show-values=always",
            "management.endpoint.env.show-values=always",
            "graph-upload.store.redis.uri=redis://:s3cret@127.0.0.1:1",
            "graph-upload.store.type=memory")
        .run(
            context -> {
              String configprops =
                  String.valueOf(
                      context
                          .getBean(ConfigurationPropertiesReportEndpoint.class)
                          .configurationProperties()
                          .getContexts());
              String env =
                  String.valueOf(
                      context
                          .getBean(EnvironmentEndpoint.class)
                          .environmentEntry("graph-upload.access-token")
                          .getProperty()
                          .getValue());
              Map<String, Object> shown =
                  context
                      .getBean(ConfigurationPropertiesReportEndpoint.class)
                      .configurationProperties()
                      .getContexts()
                      .values()
                      .iterator()
                      .next()
                      .getBeans()
                      .get("graph-upload-dev.graphupload.spring.GraphUploadProperties")
                      .getProperties();

              assertThat(configprops).doesNotContain(TOKEN).doesNotContain("s3cret");
              assertThat(env).doesNotContain(TOKEN).contains("******");
              assertThat(shown)
                  .containsEntry("accessToken", "******")
                  .containsEntry("appId", "1234567890");
            });
  }

  @Test
  void aPropertyThatCannotBeUsedIsNamedInSpringsFailureReport() {
    String[][] cases = {
      {"graph-upload.app-id=my-app", "graph-upload.app-id", "digits"},
      {"graph-upload.base-url=http://graph.example.com", "graph-upload.base-url", "https://"},
      {"graph-upload.chunk-size=lots", "graph-upload.chunk-size", "auto"},
      {"graph-upload.chunk-size=1KB", "graph-upload.chunk-size", "16KB or more"},
      {"graph-upload.max-attempts=0", "graph-upload.max-attempts", "1 or more"},
      {"graph-upload.retry.max-backoff=-1s", "graph-upload.retry.max-backoff", "positive"},
      {"graph-upload.transport.type=carrier-pigeon", "graph-upload.transport.type", "jdk or netty"},
      {
        "graph-upload.transport.http2=true",
        "graph-upload.transport.http2",
        "graph-upload.transport.type=jdk"
      },
      {
        "graph-upload.ca-certificate=classpath:no-such-ca.pem",
        "graph-upload.ca-certificate",
        "PEM file"
      },
      {"graph-upload.access-token=${GRAPH_TOKEN_NOT_SET}", "graph-upload.access-token", "${NAME:"},
    };
    for (String[] c : cases) {
      runner()
          .withPropertyValues(c[0])
          .run(
              context -> {
                assertThat(context).hasFailed();
                Throwable failure = context.getStartupFailure();
                FailureAnalysis analysis = new GraphUploadFailureAnalyzer().analyze(failure);
                assertThat(analysis).as(c[0]).isNotNull();
                assertThat(analysis.getDescription()).as(c[0]).contains("'" + c[1] + "'");
                assertThat(analysis.getAction()).as(c[0]).contains(c[2]);
                assertThat(analysis.getDescription() + analysis.getAction())
                    .as("the token never shown")
                    .doesNotContain(TOKEN);
              });
    }
  }

  @Test
  void theCommandsSettingsAreProperties(@TempDir Path pemDir) throws Exception {
    try (GraphEmulator tls = GraphEmulator.builder().tokens(TOKEN).tls(true).build()) {
      Path pem = tls.caCertificate().orElseThrow();
      runner()
          .withPropertyValues(
              "graph-upload.base-url=" + tls.baseUrl(),
              "graph-upload.app-id=" + tls.appId(),
              "graph-upload.ca-certificate=" + pem.toUri(),
              "graph-upload.chunk-size=auto",
              "graph-upload.lock-wait=2s",
              "graph-upload.retry.max-elapsed=5m",
              "graph-upload.transport.type=jdk",
              "graph-upload.transport.max-connections=4")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                Path file = TestData.randomMp4(pemDir, 200_000, 3);
                UploadResult result = context.getBean(GraphUploader.class).upload(file);
                assertThat(tls.sha256Of(result.handle().value())).contains(TestData.sha256(file));
              });
      runner()
          .withPropertyValues("graph-upload.base-url=" + tls.baseUrl(), "graph-upload.app-id=1")
          .run(
              context -> {
                Path file = TestData.randomMp4(pemDir, 1000, 4);
                assertThatThrownBy(() -> context.getBean(GraphUploader.class).upload(file))
                    .as("without the CA, the emulator's certificate is not trusted")
                    .hasMessageContaining("certificate");
              });
    }
  }

  @Test
  void customizersRunInOrderAfterTheProperties() {
    List<String> order = new CopyOnWriteArrayList<>();
    runner()
        .withBean(
            "second", GraphUploaderBuilderCustomizer.class, () -> new Ordered2(order), d -> {})
        .withBean("first", GraphUploaderBuilderCustomizer.class, () -> new Ordered1(order), d -> {})
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(order).containsExactly("first", "second");
            });
  }

  @Order(1)
  private record Ordered1(List<String> order) implements GraphUploaderBuilderCustomizer {
    @Override
    public void customize(GraphUploaderBuilder builder) {
      order.add("first");
    }
  }

  @Order(2)
  private record Ordered2(List<String> order) implements GraphUploaderBuilderCustomizer {
    @Override
    public void customize(GraphUploaderBuilder builder) {
      order.add("second");
    }
  }

  @Test
  void enabledFalseTurnsItAllOffAndTheHealthIndicatorHasItsOwnSwitch() {
    runner()
        .withPropertyValues("graph-upload.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed().doesNotHaveBean(GraphUploader.class);
              assertThat(context).doesNotHaveBean("graphUploadStoreHealthIndicator");
            });
    runner()
        .withPropertyValues("management.health.graphUploadStore.enabled=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(GraphUploader.class);
              assertThat(context).doesNotHaveBean("graphUploadStoreHealthIndicator");
            });
    runner()
        .withPropertyValues("management.health.defaults.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("graphUploadStoreHealthIndicator"));
  }

  @Test
  void oneLineAtStartSaysWhichTransportAndStoreAndWhy() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      runner().run(context -> assertThat(context).hasNotFailed());
      runner()
          .withPropertyValues("graph-upload.transport.type=jdk", "graph-upload.store.type=memory")
          .run(context -> assertThat(context).hasNotFailed());
    } finally {
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("transport netty (transport-netty is on the class path")
        .contains("store file (the default)")
        .contains("transport jdk (graph-upload.transport.type)")
        .contains("store memory (graph-upload.store.type)")
        .doesNotContain(TOKEN);
  }

  @Test
  void withAnObservationRegistryEachUploadIsObserved() {
    runner()
        .withBean(ObservationRegistry.class, ObservationRegistry::create)
        .run(context -> assertThat(context).hasSingleBean(GraphUploadObservations.class));
    runner().run(context -> assertThat(context).doesNotHaveBean(GraphUploadObservations.class));
  }

  @Test
  void theTokenIsMaskedByValueUnderAnyKey() {
    runner()
        .withConfiguration(
            AutoConfigurations.of(
                EndpointAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class))
        .withPropertyValues(
            "management.endpoints.web.exposure.include=*",
            "management.endpoint.env.show-values=always",
            "app.secrets.meta=" + TOKEN,
            "app.callback=https://hooks.example.com/?t=" + TOKEN,
            "app.plain=visible-value")
        .run(
            context -> {
              EnvironmentEndpoint env = context.getBean(EnvironmentEndpoint.class);
              assertThat(env.environmentEntry("app.secrets.meta").getProperty().getValue())
                  .isEqualTo("******");
              assertThat(env.environmentEntry("app.callback").getProperty().getValue())
                  .isEqualTo("******");
              assertThat(env.environmentEntry("app.plain").getProperty().getValue())
                  .isEqualTo("visible-value");
            });
  }
}
