package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.store.InMemorySessionStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener factory hears every upload, each through a listener of its own. */
class ListenerFactoryTest {

  @TempDir Path dir;

  @Test
  void eachUploadGetsItsOwnListenerBesidesTheOneItWasGiven() throws Exception {
    TestClock clock = new TestClock();
    FakeGraphServer server = TestUploaders.server();
    List<Path> created = new CopyOnWriteArrayList<>();
    List<RecordingListener> made = new CopyOnWriteArrayList<>();
    RecordingListener own = new RecordingListener();
    Path a = TestFiles.mp4(dir, 3_000, 1);
    Path b = TestFiles.mp4(dir, 4_000, 2);

    try (GraphUploader uploader =
        TestUploaders.builder(server, new InMemorySessionStore(clock), clock)
            .addListenerFactory(
                request -> {
                  created.add(request.file().orElseThrow());
                  RecordingListener l = new RecordingListener();
                  made.add(l);
                  return l;
                })
            .addListenerFactory(
                file -> {
                  throw new IllegalStateException("a broken factory breaks no upload");
                })
            .build()) {
      uploader.upload(a, own);
      uploader.upload(b);
    }

    assertThat(created).containsExactly(a, b);
    assertThat(made).hasSize(2);
    assertThat(made.get(0).events).first().asString().startsWith("started " + a.getFileName());
    assertThat(made.get(0).events).last().asString().startsWith("completed 2:");
    assertThat(made.get(1).events).first().asString().startsWith("started " + b.getFileName());
    assertThat(own.events)
        .as("the upload's own listener still hears it")
        .containsExactlyElementsOf(made.get(0).events);
  }
}
