package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.store.SessionRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads with a recognizable token through every error path, then looks for the token in every
 * exception message and {@code toString()}, every listener event, every store record and every log
 * line the test run wrote (at TRACE level).
 */
class TokenHygieneTest {

  private static final String TOKEN = TestUploaders.TOKEN;

  @TempDir Path dir;

  private final List<Throwable> thrown = new ArrayList<>();
  private final List<String> seen = new ArrayList<>();

  private static List<List<Fault>> everyErrorPath() {
    List<List<Fault>> paths = new ArrayList<>();
    paths.add(List.of());
    paths.add(List.of(new Fault.Fatal(190)));
    paths.add(List.of(new Fault.None(), new Fault.Fatal(190)));
    paths.add(List.of(new Fault.None(), new Fault.Fatal(200)));
    paths.add(List.of(new Fault.None(), new Fault.Fatal(100)));
    paths.add(List.of(new Fault.EchoToken()));
    paths.add(List.of(new Fault.None(), new Fault.EchoToken()));
    paths.add(List.of(new Fault.None(), new Fault.Malformed()));
    paths.add(List.of(new Fault.None(), new Fault.CutAfter(10), new Fault.LieAboutOffset(-5)));
    paths.add(
        List.of(new Fault.None(), new Fault.CutAfter(10), new Fault.LieAboutOffset(1_000_000)));
    paths.add(List.of(new Fault.None(), new Fault.EarlyHandle()));
    paths.add(List.of(new Fault.None(), new Fault.LoseReply()));
    paths.add(
        List.of(
            new Fault.Transient(2, 500),
            new Fault.Throttle(613, 5),
            new Fault.None(),
            new Fault.ExpireSession()));
    paths.add(List.of(new Fault.None(), new Fault.Crash()));
    paths.add(
        List.of(
            new Fault.Transient(1, 500), new Fault.Transient(1, 500), new Fault.Transient(1, 500)));
    return paths;
  }

  @Test
  void theTokenAppearsNowhereButTheAuthorizationHeader() throws IOException {
    TestClock clock = new TestClock();
    InMemorySessionStore store = new InMemorySessionStore(clock);
    int n = 0;
    for (List<Fault> faults : everyErrorPath()) {
      FakeGraphServer server = TestUploaders.server().script(faults);
      Path file = TestFiles.write(dir, "f" + (n++) + ".pdf", 2_000, n);
      RecordingListener listener = new RecordingListener();
      try (GraphUploader uploader =
          TestUploaders.builder(server, store, clock)
              .chunkPolicy(ChunkPolicy.fixed(700))
              .retryPolicy(RetryPolicy.custom().maxAttempts(3).build())
              .build()) {
        seen.add(uploader.toString());
        seen.add(uploader.upload(file, listener).toString());
      } catch (GraphUploadException e) {
        thrown.add(e);
      }
      seen.addAll(listener.events);
      listener.failures.forEach(thrown::add);
      assertThat(server.tokenSeenInUrl()).isFalse();
      server.requests().forEach(r -> seen.add(r.toString()));
    }
    for (Path bad :
        List.of(dir.resolve("missing.mp4"), dir, Files.writeString(dir.resolve("x.txt"), "x"))) {
      try (GraphUploader uploader =
          TestUploaders.builder(TestUploaders.server(), store, clock).build()) {
        uploader.upload(bad);
      } catch (GraphUploadException e) {
        thrown.add(e);
      }
    }

    assertThat(thrown).hasSizeGreaterThan(10);
    for (Throwable t : thrown) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        seen.add(c.getMessage());
        seen.add(c.toString());
      }
    }
    for (SessionRecord record : store.list()) {
      seen.add(record.toString());
    }
    assertThat(store.list()).isNotEmpty();
    assertThat(seen).allSatisfy(text -> assertThat(String.valueOf(text)).doesNotContain(TOKEN));

    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test-log.txt"));
    assertThat(log).exists();
    String logged = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(logged).contains("Created upload session").doesNotContain(TOKEN);
  }
}
