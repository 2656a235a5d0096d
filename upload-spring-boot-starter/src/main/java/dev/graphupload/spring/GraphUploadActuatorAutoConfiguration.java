package dev.graphupload.spring;

import dev.graphupload.core.store.SessionStore;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Spring Boot's health module: the store's health ({@code graphUploadStore}; {@code
 * management.health.graphUploadStore.enabled=false} removes it). With Actuator: the access token
 * masked by the {@code env} and {@code configprops} endpoints even when they are set to show values
 * — under its own keys, and under any key whose value holds the configured token — and a password
 * in the Redis URI.
 */
@AutoConfiguration(after = GraphUploadAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "graph-upload.enabled", matchIfMissing = true)
public class GraphUploadActuatorAutoConfiguration {

  /** Made by Spring. */
  public GraphUploadActuatorAutoConfiguration() {}

  /** The store's health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {

    /**
     * The store's health.
     *
     * @param store the uploader's store
     * @return the indicator
     */
    @Bean
    @ConditionalOnBean(SessionStore.class)
    @ConditionalOnMissingBean(name = "graphUploadStoreHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("graphUploadStore")
    GraphUploadStoreHealthIndicator graphUploadStoreHealthIndicator(SessionStore store) {
      return new GraphUploadStoreHealthIndicator(store);
    }
  }

  /** Masking for Actuator's endpoints. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SanitizingFunction.class)
  static class Sanitizing {

    /**
     * Masks the access token wherever it shows, and a Redis URI that carries a password.
     *
     * @param properties the starter's properties, for the token's value
     * @return the sanitizing function
     */
    @Bean
    SanitizingFunction graphUploadSecretsSanitizer(
        ObjectProvider<GraphUploadProperties> properties) {
      return data -> sanitize(data, tokenOf(properties));
    }

    private static String tokenOf(ObjectProvider<GraphUploadProperties> properties) {
      GraphUploadProperties bound = properties.getIfAvailable();
      return bound == null ? null : bound.getAccessToken();
    }
  }

  /**
   * {@code data} masked when its key names the token or a Redis URI with a password, or when its
   * value holds {@code token} (whatever the key: an environment variable of any name, say).
   */
  static SanitizableData sanitize(SanitizableData data, String token) {
    // env gives "graph-upload.access-token", configprops "accessToken" under its bean's prefix
    String key = data.getKey().toLowerCase(Locale.ROOT).replaceAll("[-_.]", "");
    Object value = data.getValue();
    String text = value == null ? null : value.toString();
    boolean tokenKey = key.endsWith("accesstoken");
    boolean redisPassword = key.endsWith("redisuri") && text != null && text.contains("@");
    boolean tokenValue =
        token != null && !token.isBlank() && text != null && holds(text, token.strip());
    return tokenKey || redisPassword || tokenValue
        ? data.withValue(SanitizableData.SANITIZED_VALUE)
        : data;
  }

  /** Equal; or, for a token long enough not to match by chance, contained. */
  private static boolean holds(String text, String token) {
    return token.length() >= 8 ? text.contains(token) : text.equals(token);
  }
}
