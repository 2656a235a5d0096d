package dev.graphupload.storage.redis;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A separate JVM uploading one file with a Redis store: REDIS_URL BASE_URL APP_ID TOKEN FILE
 * LEASE_MS.
 */
public final class RedisUploadChild {

  private RedisUploadChild() {}

  public static void main(String[] args) throws Exception {
    Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
    try (RedisSessionStore store =
            RedisSessionStore.builder()
                .uri(args[0])
                .leaseTime(lease)
                .renewInterval(lease.dividedBy(4))
                .build();
        JdkHttpTransport transport = JdkHttpTransport.create();
        GraphUploader uploader =
            GraphUploader.builder()
                .endpoint(URI.create(args[1]))
                .appId(AppId.of(args[2]))
                .accessToken(AccessToken.of(args[3]))
                .transport(transport)
                .store(store)
                .build()) {
      System.out.println("uploading");
      System.out.flush();
      System.out.println("done " + uploader.upload(Path.of(args[4])).handle());
    }
  }
}
