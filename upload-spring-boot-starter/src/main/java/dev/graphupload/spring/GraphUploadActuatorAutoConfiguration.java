package dev.graphupload.spring;

import dev.graphupload.core.store.SessionStore;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * With Actuator: the store's health ({@code graphUploadStore}), and the access token (and a
 * password in the Redis URI) masked by the {@code env} and {@code configprops} endpoints even when
 * they are set to show values.
 */
@AutoConfiguration(after = GraphUploadAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
public class GraphUploadActuatorAutoConfiguration {

  /** Made by Spring. */
  public GraphUploadActuatorAutoConfiguration() {}

  /**
   * The store's health.
   *
   * @param store the uploader's store
   * @return the indicator
   */
  @Bean
  @ConditionalOnBean(SessionStore.class)
  @ConditionalOnMissingBean(name = "graphUploadStoreHealthIndicator")
  public GraphUploadStoreHealthIndicator graphUploadStoreHealthIndicator(SessionStore store) {
    return new GraphUploadStoreHealthIndicator(store);
  }

  /**
   * Masks {@code graph-upload.access-token}, and a Redis URI that carries a password.
   *
   * @return the sanitizing function
   */
  @Bean
  public SanitizingFunction graphUploadSecretsSanitizer() {
    return GraphUploadActuatorAutoConfiguration::sanitize;
  }

  static SanitizableData sanitize(SanitizableData data) {
    // env gives "graph-upload.access-token", configprops "accessToken" under its bean's prefix
    String key = data.getKey().toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
    boolean token = key.endsWith("accesstoken");
    boolean redisPassword =
        key.endsWith("redisuri")
            && data.getValue() != null
            && data.getValue().toString().contains("@");
    return token || redisPassword ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
  }
}
