package dev.graphupload.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.UploadSource;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The exchanges a transport must get right: small requests, byte and file bodies at exact offsets,
 * error statuses passed through, header names kept, progress reported. Part of {@link
 * HttpTransportContract}.
 */
public abstract class HttpTransportExchangeContract extends HttpTransportContractSupport {

  @Test
  void sendsASmallRequestAndReadsItsReply() throws Exception {
    String session = createSession(10);

    assertThat(session).startsWith("upload:").contains("?sig=");
  }

  @Test
  void sendsSmallByteBodiesWithAnExactLength() throws Exception {
    String session = createSession(5);

    TransportResponse response =
        call(send(session, new RequestBody.Bytes(new byte[] {1, 2, 3, 4, 5}), 0));

    assertThat(response.status()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).has("h")).isTrue();
  }

  @Test
  void passesErrorStatusesThroughAsResponses() throws Exception {
    TransportRequest noToken =
        new TransportRequest(
            "GET",
            URI.create(emulator.baseUrl() + "/v24.0/upload:abc?sig=x"),
            Map.of(),
            RequestBody.empty(),
            TIMEOUT,
            MAX_REPLY);

    TransportResponse response = call(noToken);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(response.header("X-FB-TRACE-ID")).isPresent();
    assertThat(JSON.readTree(response.body()).get("error").get("code").asInt()).isEqualTo(190);
  }

  @Test
  void streamsALargeFileRegionWithExactBytesAtExactOffsets() throws Exception {
    Path file = TestData.sparseMp4(dir, 48L << 20);
    long split = (17L << 20) + 12345;
    String session = createSession(48L << 20);

    TransportResponse first = call(send(session, new RequestBody.FileRegion(file, 0, split), 0));
    TransportResponse rest =
        call(send(session, new RequestBody.FileRegion(file, split, (48L << 20) - split), split));

    assertThat(JSON.readTree(first.body()).get("file_offset").asLong()).isEqualTo(split);
    assertThat(sha256OfHandle(rest)).isEqualTo(TestData.sha256(file));
  }

  @Test
  void streamsRangesOfASourceThatIsNotAFileWithExactBytesAtExactOffsets() throws Exception {
    int length = 5_000_000;
    byte[] content = Files.readAllBytes(TestData.randomMp4(dir, length, 73));
    int split = 1_234_567;
    String session = createSession(length);
    UploadSource source = UploadSource.of(content);

    call(send(session, new RequestBody.Ranged(source, 0, split), 0));
    TransportResponse rest =
        call(send(session, new RequestBody.Ranged(source, split, length - split), split));

    assertThat(sha256OfHandle(rest)).isEqualTo(TestData.sha256(content));
  }

  @Test
  void failsTheExchangeWhenASourceCannotBeRead() throws Exception {
    String session = createSession(1_000_000);
    UploadSource broken =
        new UploadSource() {
          @Override
          public long length() {
            return 1_000_000;
          }

          @Override
          public int read(ByteBuffer target, long position) throws IOException {
            if (position >= 300_000) {
              throw new IOException("the object store said 503");
            }
            int n = (int) Math.min(target.remaining(), 300_000 - position);
            target.position(target.position() + n);
            return n;
          }
        };

    CompletableFuture<TransportResponse> exchange =
        transport.execute(
            send(session, new RequestBody.Ranged(broken, 0, 1_000_000), 0), BodyProgress.NONE);

    assertThat(failureOf(exchange)).hasStackTraceContaining("the object store said 503");
  }

  @Test
  void readsTheFileTheUploaderHoldsOpenEvenAfterAnotherIsRenamedOverItsPathAndLeavesItOpen()
      throws Exception {
    int length = 3_000_000;
    Path file = TestData.randomMp4(dir, length, 71);
    String original = TestData.sha256(file);
    long split = 1_234_567;
    String session = createSession(length);
    try (FileChannel held = FileChannel.open(file, StandardOpenOption.READ)) {
      Path other = TestData.randomMp4(Files.createDirectories(dir.resolve("other")), length, 72);
      Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

      call(send(session, new RequestBody.FileRegion(file, 0, split, Optional.of(held)), 0));
      TransportResponse rest =
          call(
              send(
                  session,
                  new RequestBody.FileRegion(file, split, length - split, Optional.of(held)),
                  split));

      assertThat(sha256OfHandle(rest))
          .as("the bytes of the file held open, not of the one renamed over its path")
          .isEqualTo(original)
          .isNotEqualTo(TestData.sha256(file));
      assertThat(held.isOpen()).as("the uploader's channel is the uploader's to close").isTrue();
    }
  }

  @Test
  void keepsUnderscoresInHeaderNamesAndTheSessionIdVerbatim() throws Exception {
    // the emulator refuses a send without "file_offset" (code 100) and a re-encoded "?sig=" (104)
    String session = createSession(3);

    TransportResponse response = call(send(session, new RequestBody.Bytes(new byte[3]), 0));

    assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
  }

  @Test
  void reportsProgressThatNeverDecreasesAndEndsAtTheBodyLength() throws Exception {
    Path file = TestData.sparseMp4(dir, 8L << 20);
    String session = createSession(8L << 20);
    List<Long> progress = new CopyOnWriteArrayList<>();

    transport
        .execute(send(session, new RequestBody.FileRegion(file, 0, 8L << 20), 0), progress::add)
        .get(60, TimeUnit.SECONDS);

    assertThat(progress).isNotEmpty().isSorted();
    assertThat(progress.get(progress.size() - 1)).isEqualTo(8L << 20);
    assertThat(progress).allSatisfy(p -> assertThat(p).isBetween(0L, 8L << 20));
  }
}
