package dev.graphupload.storage.redis;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.transport.jdk.JdkHttpTransport;
import java.time.Duration;

/**
 * The uploader of the Redis tests that cut a server or a lease mid-upload: the emulator's endpoint,
 * app and token, the JDK transport, and backoffs short enough that a test does not wait on them.
 */
final class QuickRetries {

  private QuickRetries() {}

  static GraphUploader uploader(GraphEmulator emulator, SessionStore store, Duration lockWait) {
    return GraphUploader.builder()
        .endpoint(emulator.baseUrl())
        .appId(AppId.of(emulator.appId()))
        .accessToken(AccessToken.of(emulator.token()))
        .transport(JdkHttpTransport.create())
        .store(store)
        .lockWait(lockWait)
        .retryPolicy(
            RetryPolicy.custom()
                .initialBackoff(Duration.ofMillis(50))
                .maxBackoff(Duration.ofMillis(500))
                .build())
        .build();
  }
}
