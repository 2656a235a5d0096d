package dev.graphupload.spring;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.GraphUploaderBuilder;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.UploadListener;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.micrometer.GraphUploadMetrics;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Builds one {@link GraphUploader} from {@code graph-upload.*} properties, with the transport and
 * the store the classpath and the properties call for, closes them with the context, and — when the
 * application has them — counts uploads in its {@link MeterRegistry} and reports the store's health
 * to Actuator. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration"
    })
@ConditionalOnClass(GraphUploader.class)
@EnableConfigurationProperties(GraphUploadProperties.class)
public class GraphUploadAutoConfiguration {

  static final String NETTY = "dev.graphupload.transport.netty.NettyHttpTransport";
  static final String REDIS = "dev.graphupload.storage.redis.RedisSessionStore";

  /** Made by Spring. */
  public GraphUploadAutoConfiguration() {}

  /**
   * The HTTP transport: {@code graph-upload.transport.type}, else Netty when it is on the
   * classpath, else the JDK's client.
   *
   * @param properties the settings
   * @param loader the application's class loader, to see what is on the classpath
   * @return the transport, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public HttpTransport graphUploadTransport(
      GraphUploadProperties properties, ResourceLoader loader) {
    String type = properties.getTransport().getType();
    if (type == null || type.isBlank()) {
      type = present(NETTY, loader) ? "netty" : "jdk";
    }
    switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "jdk":
        return JdkHttpTransport.builder()
            .connectTimeout(properties.getTransport().getConnectTimeout())
            .allowInsecureHttp(properties.isAllowInsecureHttp())
            .build();
      case "netty":
        if (!present(NETTY, loader)) {
          throw new IllegalStateException(
              "graph-upload.transport.type=netty, but transport-netty is not on the classpath:"
                  + " add dev.graphupload:transport-netty, or use jdk");
        }
        return OptionalModules.netty(properties);
      default:
        throw new IllegalStateException(
            "graph-upload.transport.type must be jdk or netty; got '" + type + "'");
    }
  }

  /**
   * The session store: {@code graph-upload.store.type}, else Redis when it is on the classpath and
   * {@code graph-upload.store.redis.uri} is set, else a directory of files.
   *
   * @param properties the settings
   * @param loader the application's class loader, to see what is on the classpath
   * @return the store, closed with the context when it holds connections
   */
  @Bean
  @ConditionalOnMissingBean
  public SessionStore graphUploadSessionStore(
      GraphUploadProperties properties, ResourceLoader loader) {
    GraphUploadProperties.Store store = properties.getStore();
    String type = store.getType();
    if (type == null || type.isBlank()) {
      boolean redis = present(REDIS, loader) && store.getRedis().getUri() != null;
      type = redis ? "redis" : "file";
    }
    switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "memory":
        return new InMemorySessionStore();
      case "file":
        return FileSessionStore.open(
            store.getFile().getDirectory() != null
                ? store.getFile().getDirectory()
                : FileSessionStore.defaultDirectory());
      case "redis":
        if (!present(REDIS, loader)) {
          throw new IllegalStateException(
              "graph-upload.store.type=redis, but storage-redis is not on the classpath: add"
                  + " dev.graphupload:storage-redis");
        }
        if (store.getRedis().getUri() == null) {
          throw new IllegalStateException(
              "graph-upload.store.type=redis needs graph-upload.store.redis.uri, such as"
                  + " redis://redis.internal:6379");
        }
        return OptionalModules.redis(store.getRedis());
      default:
        throw new IllegalStateException(
            "graph-upload.store.type must be memory, file or redis; got '" + type + "'");
    }
  }

  /**
   * The uploader, with every {@link UploadListener.Factory} bean of the context (the metrics, among
   * them) added.
   *
   * @param properties the settings
   * @param transport the transport
   * @param store the store
   * @param listenerFactories the context's listener factories
   * @return the uploader, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public GraphUploader graphUploader(
      GraphUploadProperties properties,
      HttpTransport transport,
      SessionStore store,
      ObjectProvider<UploadListener.Factory> listenerFactories) {
    if (properties.getAppId() == null || properties.getAppId().isBlank()) {
      throw new IllegalStateException(
          "graph-upload.app-id is not set: give the Meta app id (digits) that owns the uploads");
    }
    if (properties.getAccessToken() == null || properties.getAccessToken().isBlank()) {
      throw new IllegalStateException(
          "graph-upload.access-token is not set: give the access token (from the environment or"
              + " a secret store, as GRAPH_UPLOAD_ACCESS_TOKEN)");
    }
    GraphUploaderBuilder builder =
        GraphUploader.builder()
            .endpoint(properties.getBaseUrl())
            .allowInsecureHttp(properties.isAllowInsecureHttp())
            .appId(AppId.of(properties.getAppId()))
            .accessToken(AccessToken.of(properties.getAccessToken()))
            .apiVersion(ApiVersion.of(properties.getApiVersion()))
            .transport(transport)
            .store(store)
            .chunkPolicy(
                properties.getChunkSize() == null
                    ? ChunkPolicy.wholeRemainder()
                    : ChunkPolicy.fixed(properties.getChunkSize().toBytes()))
            .retryPolicy(RetryPolicy.custom().maxAttempts(properties.getMaxAttempts()).build())
            .requestTimeout(properties.getRequestTimeout())
            .idleTimeout(properties.getIdleTimeout())
            .verifyHandles(properties.isVerifyHandles())
            .verifyContent(properties.isVerifyContent());
    listenerFactories.orderedStream().forEach(builder::addListenerFactory);
    return builder.build();
  }

  /** Whether the application's class loader (not this class's) finds the class. */
  private static boolean present(String className, ResourceLoader loader) {
    return ClassUtils.isPresent(className, loader.getClassLoader());
  }

  /** Micrometer, when the application has a registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, GraphUploadMetrics.class})
  static class Metrics {

    /**
     * The uploader's meters, in the application's registry.
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

  /** The classes of the optional modules, touched only when they are on the classpath. */
  private static final class OptionalModules {
    private OptionalModules() {}

    static HttpTransport netty(GraphUploadProperties properties) {
      return NettyHttpTransport.builder()
          .connectTimeout(properties.getTransport().getConnectTimeout())
          .allowInsecureHttp(properties.isAllowInsecureHttp())
          .build();
    }

    static SessionStore redis(GraphUploadProperties.Redis redis) {
      return RedisSessionStore.builder()
          .uri(redis.getUri())
          .keyPrefix(redis.getKeyPrefix())
          .leaseTime(redis.getLeaseTime())
          .renewInterval(redis.getLeaseTime().dividedBy(3))
          .build();
    }
  }
}
