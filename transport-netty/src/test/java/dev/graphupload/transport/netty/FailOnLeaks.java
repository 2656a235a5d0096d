package dev.graphupload.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer. Installs, before any buffer exists, a leak
 * detector that records every report; after the class, it collects garbage, allocates to let the
 * detector run, and fails on any report. Surefire sets the paranoid level.
 */
public final class FailOnLeaks implements AfterAllCallback {

  static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          // the factory's only abstract method is the deprecated three-argument one
          @SuppressWarnings("deprecation")
          @Override
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
              @Override
              protected void reportTracedLeak(String resourceType, String records) {
                LEAKS.add(resourceType + ": " + records);
                super.reportTracedLeak(resourceType, records);
              }

              @Override
              protected void reportUntracedLeak(String resourceType) {
                LEAKS.add(resourceType + " (untraced)");
                super.reportUntracedLeak(resourceType);
              }
            };
          }
        });
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      for (int j = 0; j < 100; j++) {
        ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(16);
        probe.release();
      }
    }
    if (!LEAKS.isEmpty()) {
      throw new AssertionError(
          "Netty reported " + LEAKS.size() + " leaked buffer(s):\n" + String.join("\n", LEAKS));
    }
  }
}
