package dev.graphupload.spring;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.GraphUploaderBuilder;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.Endpoints;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.micrometer.GraphUploadMetrics;
import dev.graphupload.micrometer.GraphUploadObservations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.unit.DataSize;

/**
 * Builds one {@link GraphUploader} from {@code graph-upload.*} properties, with the transport and
 * the store the properties (else the class path) call for, adjusted by every {@link
 * GraphUploaderBuilderCustomizer} bean; closes them with the context; and, when the application has
 * a {@link MeterRegistry} or an {@link ObservationRegistry}, counts and observes every upload.
 * Every bean backs off when the application defines its own; {@code graph-upload.enabled=false}
 * turns it all off. A property that cannot be used stops the start with a {@link
 * GraphUploadPropertyException} naming it.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass(GraphUploader.class)
@ConditionalOnBooleanProperty(name = "graph-upload.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GraphUploadProperties.class)
public class GraphUploadAutoConfiguration {

  private static final Log log = LogFactory.getLog(GraphUploadAutoConfiguration.class);

  /** Made by Spring. */
  public GraphUploadAutoConfiguration() {}

  /**
   * The HTTP transport: {@code graph-upload.transport.type}, else Netty when it is on the class
   * path, else the JDK's client.
   *
   * @param properties the settings
   * @param loader the application's class loader, to see what is on the class path
   * @return the transport, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public HttpTransport graphUploadTransport(
      GraphUploadProperties properties, ResourceLoader loader) {
    return Choices.transport(properties, loader).make(properties);
  }

  /**
   * The session store: {@code graph-upload.store.type}, else Redis when it is on the class path and
   * {@code graph-upload.store.redis.uri} is set, else a directory of files.
   *
   * @param properties the settings
   * @param loader the application's class loader, to see what is on the class path
   * @return the store, closed with the context when it holds connections
   */
  @Bean
  @ConditionalOnMissingBean
  public SessionStore graphUploadSessionStore(
      GraphUploadProperties properties, ResourceLoader loader) {
    return Choices.store(properties, loader).make(properties);
  }

  /**
   * The uploader: the properties applied, every {@link UploadListener.Factory} bean added (the
   * metrics and observations among them), then every customizer in order.
   *
   * @param properties the settings
   * @param loader the application's class loader, to say why a transport and store were chosen
   * @param transport the transport
   * @param store the store
   * @param listenerFactories the context's listener factories
   * @param customizers the context's customizers
   * @return the uploader, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public GraphUploader graphUploader(
      GraphUploadProperties properties,
      ResourceLoader loader,
      HttpTransport transport,
      SessionStore store,
      ObjectProvider<UploadListener.Factory> listenerFactories,
      ObjectProvider<GraphUploaderBuilderCustomizer> customizers) {
    GraphUploaderBuilder builder = GraphUploader.builder();
    apply(properties, builder);
    builder.transport(transport).store(store);
    listenerFactories.orderedStream().forEach(builder::addListenerFactory);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    GraphUploader uploader = builder.build();
    if (log.isInfoEnabled()) {
      log.info(
          "graph-upload: app "
              + properties.getAppId()
              + " at "
              + properties.getBaseUrl()
              + "; transport "
              + Choices.describe(transport, Choices.transport(properties, loader))
              + "; store "
              + Choices.describe(store, Choices.store(properties, loader)));
    }
    return uploader;
  }

  /** Sets every property on {@code builder}, each refusal naming its property. */
  static void apply(GraphUploadProperties properties, GraphUploaderBuilder builder) {
    String appId =
        PropertyChecks.required(properties.getAppId(), "graph-upload.app-id", "APP_ID", false);
    set(
        "graph-upload.app-id",
        "Set it to the Meta app id (digits only) that owns the uploads",
        () -> builder.appId(AppId.of(appId)));
    String token =
        PropertyChecks.required(
            properties.getAccessToken(), "graph-upload.access-token", "ACCESS_TOKEN", true);
    builder.accessToken(AccessToken.of(token));
    set(
        "graph-upload.base-url",
        "Set it to https://graph.facebook.com, or the emulator's base URL in a test",
        () -> builder.endpoint(properties.getBaseUrl()));
    if (!Endpoints.isAllowed(properties.getBaseUrl(), properties.isAllowInsecureHttp())) {
      throw new GraphUploadPropertyException(
          "graph-upload.base-url",
          "plain http:// to "
              + properties.getBaseUrl().getHost()
              + " would send the token in clear",
          "Use https://, or set graph-upload.allow-insecure-http=true for a network you trust",
          null);
    }
    builder.allowInsecureHttp(properties.isAllowInsecureHttp());
    set(
        "graph-upload.api-version",
        "Set it to a version such as v24.0",
        () -> builder.apiVersion(ApiVersion.of(properties.getApiVersion())));
    builder.chunkPolicy(chunkPolicy(properties.getChunkSize()));
    set(
        "graph-upload.max-attempts",
        "Set it to 1 or more",
        () -> builder.retryPolicy(retryPolicy(properties)));
    set(
        "graph-upload.request-timeout",
        "Set it to a positive duration, such as 60s",
        () -> builder.requestTimeout(properties.getRequestTimeout()));
    set(
        "graph-upload.idle-timeout",
        "Set it to a positive duration, such as 60s",
        () -> builder.idleTimeout(properties.getIdleTimeout()));
    DataSize maxFileSize = properties.getMaxFileSize();
    if (maxFileSize != null) {
      set(
          "graph-upload.max-file-size",
          "Set it to a positive size, such as 4GB",
          () -> builder.maxFileLength(maxFileSize.toBytes()));
    }
    if (properties.getLockWait() != null) {
      set(
          "graph-upload.lock-wait",
          "Set it to a duration of zero or more, such as 30s",
          () -> builder.lockWait(properties.getLockWait()));
    }
    if (properties.getSpoolDirectory() != null) {
      builder.spoolDirectory(properties.getSpoolDirectory());
    }
    builder.verifyHandles(properties.isVerifyHandles()).verifyContent(properties.isVerifyContent());
  }

  /** The policy {@code graph-upload.chunk-size} names. */
  static ChunkPolicy chunkPolicy(String text) {
    if (text == null || text.isBlank()) {
      return ChunkPolicy.wholeRemainder();
    }
    if (text.strip().equalsIgnoreCase("auto")) {
      return ChunkPolicy.auto();
    }
    long bytes;
    try {
      bytes = DataSize.parse(text.strip()).toBytes();
    } catch (IllegalArgumentException e) {
      throw new GraphUploadPropertyException(
          "graph-upload.chunk-size",
          "'" + text + "' is not a size",
          "Set it to a size such as 8MB, or to auto; leave it unset to send each file in one"
              + " request",
          e);
    }
    if (bytes < 16 * 1024) {
      throw new GraphUploadPropertyException(
          "graph-upload.chunk-size",
          text + " is too small: each chunk is a request",
          "Set it to 16KB or more, or to auto",
          null);
    }
    return ChunkPolicy.fixed(bytes);
  }

  private static RetryPolicy retryPolicy(GraphUploadProperties properties) {
    GraphUploadProperties.Retry retry = properties.getRetry();
    RetryPolicy.Builder policy = RetryPolicy.custom().maxAttempts(properties.getMaxAttempts());
    if (retry.getMaxElapsed() != null) {
      set(
          "graph-upload.retry.max-elapsed",
          "Set it to a positive duration, such as 10m",
          () -> policy.maxElapsed(retry.getMaxElapsed()));
    }
    if (retry.getInitialBackoff() != null) {
      set(
          "graph-upload.retry.initial-backoff",
          "Set it to a positive duration, such as 1s",
          () -> policy.initialBackoff(retry.getInitialBackoff()));
    }
    if (retry.getMaxBackoff() != null) {
      set(
          "graph-upload.retry.max-backoff",
          "Set it to a positive duration no shorter than the initial backoff, such as 60s",
          () -> policy.maxBackoff(retry.getMaxBackoff()));
    }
    return policy.build();
  }

  /** Runs {@code setter}; the library's refusal becomes one that names {@code property}. */
  static void set(String property, String action, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new GraphUploadPropertyException(property, String.valueOf(e.getMessage()), action, e);
    }
  }

  /** Micrometer, when the application has a registry: meters, bound once. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {

    /**
     * The uploader's meters, in the application's registry. Spring Boot binds every {@code
     * MeterBinder} bean again; binding twice to one registry does nothing.
     *
     * @param registry the registry
     * @return the metrics, a listener factory the uploader takes
     */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    GraphUploadMetrics graphUploadMetrics(MeterRegistry registry) {
      return GraphUploadMetrics.of(registry);
    }
  }

  /** Micrometer's Observation API, when the application has a registry: one per upload. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  static class Observations {

    /**
     * An observation per upload (a span, with tracing), low-cardinality tags only.
     *
     * @param registry the registry
     * @return the observations, a listener factory the uploader takes
     */
    @Bean
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnMissingBean
    GraphUploadObservations graphUploadObservations(ObservationRegistry registry) {
      return GraphUploadObservations.of(registry);
    }
  }
}
