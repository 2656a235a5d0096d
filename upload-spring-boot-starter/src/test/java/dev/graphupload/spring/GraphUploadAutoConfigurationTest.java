package dev.graphupload.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.micrometer.GraphUploadMetrics;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
                    .hasStackTraceContaining("transport-netty is not on the classpath"));
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
                    .hasStackTraceContaining("needs graph-upload.store.redis.uri"));
    runner()
        .withPropertyValues("graph-upload.store.type=floppy")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("must be memory, file or redis; got 'floppy'"));
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
                    .hasStackTraceContaining("graph-upload.app-id is not set")
                    .satisfies(e -> assertThat(String.valueOf(e)).doesNotContain(TOKEN)));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(GraphUploadAutoConfiguration.class))
        .withPropertyValues("graph-upload.app-id=1", "graph-upload.store.type=memory")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .hasStackTraceContaining("graph-upload.access-token is not set"));
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
    runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withClassLoader(new FilteredClassLoader(GraphUploadMetrics.class))
        .run(context -> assertThat(context).doesNotHaveBean("graphUploadMetrics"));
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
}
