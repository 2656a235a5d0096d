package dev.graphupload.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.testkit.TestData;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import redis.embedded.RedisServer;

/**
 * A Spring context with the starter, Actuator's metrics and a Prometheus registry uploads to the
 * emulator through a real Redis store; the {@code /actuator/prometheus} endpoint shows the bytes.
 */
class SpringUploadEndToEndTest {

  private static final String TOKEN = "EAAG-SPRING-E2E-TOKEN-0123456789";

  @TempDir Path dir;
  private GraphEmulator emulator;
  private RedisServer embeddedRedis;
  private String redisUrl;

  @BeforeEach
  void start() throws Exception {
    emulator = GraphEmulator.builder().tokens(TOKEN).build();
    redisUrl = System.getenv("REDIS_URL");
    if (redisUrl == null || redisUrl.isBlank()) {
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      embeddedRedis =
          RedisServer.newRedisServer()
              .port(port)
              .bind("127.0.0.1")
              .setting("appendonly no")
              .build();
      embeddedRedis.start();
      redisUrl = "redis://127.0.0.1:" + port;
    }
  }

  @AfterEach
  void stop() throws Exception {
    emulator.close();
    if (embeddedRedis != null) {
      embeddedRedis.stop();
    }
  }

  @Test
  void anApplicationUploadsThroughRedisAndPrometheusShowsTheBytes() throws Exception {
    Path file = TestData.randomMp4(dir, 3_000_000, 1);

    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                EndpointAutoConfiguration.class,
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                PrometheusMetricsExportAutoConfiguration.class,
                GraphUploadAutoConfiguration.class,
                GraphUploadActuatorAutoConfiguration.class))
        .withPropertyValues(
            "graph-upload.app-id=" + emulator.appId(),
            "graph-upload.access-token=" + TOKEN,
            "graph-upload.base-url=" + emulator.baseUrl(),
            "graph-upload.store.redis.uri=" + redisUrl,
            "graph-upload.store.redis.key-prefix=spring-e2e-" + System.nanoTime() + ":",
            "graph-upload.chunk-size=1MB",
            "management.endpoints.web.exposure.include=prometheus,health")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(SessionStore.class))
                  .as("Redis on the classpath and its URI set")
                  .isInstanceOf(RedisSessionStore.class);

              UploadResult result = context.getBean(GraphUploader.class).upload(file);
              // what /actuator/prometheus serves: its endpoint's operation, without the web server
              String scrape =
                  new String(
                      context
                          .getBean(PrometheusScrapeEndpoint.class)
                          .scrape(PrometheusOutputFormat.CONTENT_TYPE_004, null)
                          .getBody(),
                      StandardCharsets.UTF_8);

              assertThat(emulator.sha256Of(result.handle().value()))
                  .contains(TestData.sha256(file));
              assertThat(scrape)
                  .containsPattern(
                      "graph_upload_bytes_confirmed_bytes_total(\\{[^}]*\\})? 3000000\\.0")
                  .containsPattern(
                      "graph_upload_completed_total\\{[^}]*outcome=\"uploaded\"[^}]*\\} 1\\.0")
                  .doesNotContain(TOKEN)
                  .doesNotContain(file.getFileName().toString());
              assertThat(
                      context
                          .getBean("graphUploadStoreHealthIndicator", HealthIndicator.class)
                          .health()
                          .getStatus())
                  .as("Redis answers")
                  .isEqualTo(Status.UP);
            });
  }
}
