package dev.graphupload.spring;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.TrustedCertificates;
import dev.graphupload.storage.file.FileSessionStore;
import dev.graphupload.storage.redis.RedisSessionStore;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import dev.graphupload.transport.jdk.JdkHttpTransportBuilder;
import dev.graphupload.transport.netty.NettyHttpTransport;
import dev.graphupload.transport.netty.NettyHttpTransportBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Which transport and which store the starter makes, and why: a property, or what the class path
 * holds. The optional modules' classes are touched only once they are known to be there.
 */
final class Choices {

  static final String NETTY = "dev.graphupload.transport.netty.NettyHttpTransport";
  static final String REDIS = "dev.graphupload.storage.redis.RedisSessionStore";

  private Choices() {}

  /**
   * A kind chosen, why, and how to make it.
   *
   * @param type the kind, such as {@code netty}
   * @param why the reason, in words
   * @param className the class the kind makes
   * @param maker makes it from the properties
   * @param <T> the transport or the store
   */
  record Choice<T>(
      String type, String why, String className, Function<GraphUploadProperties, T> maker) {
    T make(GraphUploadProperties properties) {
      return maker.apply(properties);
    }
  }

  static Choice<HttpTransport> transport(GraphUploadProperties properties, ResourceLoader loader) {
    String type = properties.getTransport().getType();
    boolean netty = present(NETTY, loader);
    String why = "graph-upload.transport.type";
    if (type == null || type.isBlank()) {
      type = netty ? "netty" : "jdk";
      why =
          netty
              ? "transport-netty is on the class path; set graph-upload.transport.type=jdk for the"
                  + " JDK's client"
              : "the default";
    }
    switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "jdk":
        return new Choice<>("jdk", why, JdkHttpTransport.class.getName(), Choices::jdk);
      case "netty":
        if (!netty) {
          throw new GraphUploadPropertyException(
              "graph-upload.transport.type",
              "netty is chosen, but transport-netty is not on the class path",
              "Add the dependency dev.graphupload:transport-netty, or set it to jdk",
              null);
        }
        return new Choice<>("netty", why, NETTY, p -> OptionalModules.netty(p));
      default:
        throw new GraphUploadPropertyException(
            "graph-upload.transport.type",
            "'" + type + "' is not a transport",
            "Set it to jdk or netty, or leave it unset",
            null);
    }
  }

  static Choice<SessionStore> store(GraphUploadProperties properties, ResourceLoader loader) {
    GraphUploadProperties.Store store = properties.getStore();
    String type = store.getType();
    boolean redis = present(REDIS, loader);
    String why = "graph-upload.store.type";
    if (type == null || type.isBlank()) {
      boolean configured = redis && store.getRedis().getUri() != null;
      type = configured ? "redis" : "file";
      why =
          configured ? "storage-redis is on the class path and a Redis URI is set" : "the default";
    }
    switch (type.strip().toLowerCase(Locale.ROOT)) {
      case "memory":
        return new Choice<>(
            "memory", why, InMemorySessionStore.class.getName(), p -> new InMemorySessionStore());
      case "file":
        return new Choice<>("file", why, FileSessionStore.class.getName(), Choices::files);
      case "redis":
        if (!redis) {
          throw new GraphUploadPropertyException(
              "graph-upload.store.type",
              "redis is chosen, but storage-redis is not on the class path",
              "Add the dependency dev.graphupload:storage-redis, or set it to file",
              null);
        }
        if (store.getRedis().getUri() == null) {
          throw new GraphUploadPropertyException(
              "graph-upload.store.redis.uri",
              "graph-upload.store.type=redis needs it, and it is not set",
              "Set it to the server's URI, such as redis://redis.internal:6379",
              null);
        }
        return new Choice<>("redis", why, REDIS, p -> OptionalModules.redis(p));
      default:
        throw new GraphUploadPropertyException(
            "graph-upload.store.type",
            "'" + type + "' is not a store",
            "Set it to memory, file or redis, or leave it unset",
            null);
    }
  }

  /** What the start-up line says of a bean: the choice and why, or that the application made it. */
  static String describe(Object bean, Choice<?> choice) {
    if (bean.getClass().getName().equals(choice.className())) {
      return choice.type() + " (" + choice.why() + ")";
    }
    return bean.getClass().getSimpleName() + " (the application's own bean)";
  }

  private static HttpTransport jdk(GraphUploadProperties properties) {
    GraphUploadProperties.Transport settings = properties.getTransport();
    JdkHttpTransportBuilder builder =
        JdkHttpTransport.builder()
            .connectTimeout(settings.getConnectTimeout())
            .allowInsecureHttp(properties.isAllowInsecureHttp())
            .http2(settings.isHttp2());
    if (settings.getMaxConnections() != null) {
      GraphUploadAutoConfiguration.set(
          "graph-upload.transport.max-connections",
          "Set it to 1 or more",
          () -> builder.maxConcurrentRequests(settings.getMaxConnections()));
    }
    Path ca = caCertificate(properties);
    return (ca == null ? builder : builder.trustedCertificates(ca)).build();
  }

  private static SessionStore files(GraphUploadProperties properties) {
    Path directory = properties.getStore().getFile().getDirectory();
    return FileSessionStore.open(
        directory != null ? directory : FileSessionStore.defaultDirectory());
  }

  /**
   * The PEM file {@code graph-upload.ca-certificate} names, read and checked now: a file as it is,
   * another resource (such as {@code classpath:}) copied to a private temporary file.
   */
  static Path caCertificate(GraphUploadProperties properties) {
    Resource resource = properties.getCaCertificate();
    if (resource == null) {
      return null;
    }
    Path pem;
    try {
      if (!resource.exists()) {
        throw new GraphUploadPropertyException(
            "graph-upload.ca-certificate",
            resource.getDescription() + " does not exist",
            "Set it to a PEM file of the certificates to trust, as a path or classpath:name.pem",
            null);
      }
      if (resource.isFile()) {
        pem = resource.getFile().toPath();
      } else {
        pem =
            Files.createTempFile(
                "graph-upload-ca-",
                ".pem",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        pem.toFile().deleteOnExit();
        try (InputStream in = resource.getInputStream()) {
          Files.copy(in, pem, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new GraphUploadPropertyException(
          "graph-upload.ca-certificate",
          resource.getDescription() + " could not be read: " + e.getMessage(),
          "Set it to a readable PEM file",
          new UncheckedIOException(e));
    }
    GraphUploadAutoConfiguration.set(
        "graph-upload.ca-certificate",
        "Set it to a PEM file of one or more X.509 certificates",
        () -> TrustedCertificates.trustManagers(pem));
    return pem;
  }

  private static boolean present(String className, ResourceLoader loader) {
    return ClassUtils.isPresent(className, loader.getClassLoader());
  }

  /** The classes of the optional modules, touched only when they are on the class path. */
  private static final class OptionalModules {
    private OptionalModules() {}

    static HttpTransport netty(GraphUploadProperties properties) {
      GraphUploadProperties.Transport settings = properties.getTransport();
      if (settings.isHttp2()) {
        throw new GraphUploadPropertyException(
            "graph-upload.transport.http2",
            "HTTP/2 is the jdk transport's; the netty transport speaks HTTP/1.1",
            "Set graph-upload.transport.type=jdk, or leave graph-upload.transport.http2 unset",
            null);
      }
      NettyHttpTransportBuilder builder =
          NettyHttpTransport.builder()
              .connectTimeout(settings.getConnectTimeout())
              .allowInsecureHttp(properties.isAllowInsecureHttp());
      if (settings.getMaxConnections() != null) {
        GraphUploadAutoConfiguration.set(
            "graph-upload.transport.max-connections",
            "Set it to 1 or more",
            () -> builder.maxConnectionsPerHost(settings.getMaxConnections()));
      }
      if (settings.getThreads() != null) {
        GraphUploadAutoConfiguration.set(
            "graph-upload.transport.threads",
            "Set it to 1 or more",
            () -> builder.threads(settings.getThreads()));
      }
      Path ca = caCertificate(properties);
      return (ca == null ? builder : builder.trustedCertificates(ca)).build();
    }

    static SessionStore redis(GraphUploadProperties properties) {
      GraphUploadProperties.Redis redis = properties.getStore().getRedis();
      return RedisSessionStore.builder()
          .uri(redis.getUri())
          .keyPrefix(redis.getKeyPrefix())
          .leaseTime(redis.getLeaseTime())
          .renewInterval(redis.getLeaseTime().dividedBy(3))
          .build();
    }
  }
}
