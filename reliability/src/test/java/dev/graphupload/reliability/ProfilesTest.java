package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.AccessToken;
import dev.graphupload.core.AppId;
import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.UploadResult;
import dev.graphupload.core.store.InMemorySessionStore;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.emulator.GraphEmulator;
import dev.graphupload.emulator.GraphProfile;
import dev.graphupload.emulator.HandleFormat;
import dev.graphupload.emulator.MismatchError;
import dev.graphupload.emulator.PartialReply;
import dev.graphupload.emulator.ScriptedFault;
import dev.graphupload.testkit.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The client against every answer Graph leaves undocumented: each profile of the emulator (every
 * handle format, mismatch spelling and partial-send reply appears in one), through both transports,
 * with a scripted cut, a mismatch, a lost reply and an unknown refusal on the way. The file must
 * arrive whole and the handle be the profile's.
 */
class ProfilesTest {

  private static final int LENGTH = 400_000;
  private static final String SECTION = "Graph profiles";

  @TempDir Path dir;

  @AfterAll
  static void writeFigures() {
    Figures.write();
  }

  static Stream<Arguments> cases() {
    List<GraphProfile> profiles =
        List.of(
            GraphProfile.CLASSIC,
            GraphProfile.OBSERVED,
            new GraphProfile(HandleFormat.V2, MismatchError.CODE_6001, PartialReply.EMPTY_BODY),
            new GraphProfile(HandleFormat.V4, MismatchError.CODE_100, PartialReply.STATUS_206),
            new GraphProfile(HandleFormat.V2, MismatchError.CODE_100, PartialReply.EMPTY_OBJECT));
    List<Arguments> cases = new ArrayList<>();
    for (GraphProfile profile : profiles) {
      for (Rig.Transport transport : Rig.Transport.values()) {
        cases.add(Arguments.of(profile, transport));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("cases")
  void uploadsWholeThroughEveryUndocumentedAnswer(GraphProfile profile, Rig.Transport kind)
      throws Exception {
    Path file = TestData.randomMp4(dir, LENGTH, profile.hashCode());
    try (GraphEmulator graph =
            GraphEmulator.builder().profile(profile).tokens("profile-token").build();
        HttpTransport transport = kind.create()) {
      graph.enqueue(
          ScriptedFault.Request.SEND,
          new ScriptedFault.CutAfter(10_000),
          new ScriptedFault.Mismatch(),
          new ScriptedFault.LoseReply(),
          new ScriptedFault.Error(400, 6000, null, "There was a problem with this request"));
      UploadResult result;
      try (GraphUploader uploader =
          GraphUploader.builder()
              .endpoint(graph.baseUrl())
              .appId(AppId.of(graph.appId()))
              .accessToken(AccessToken.of("profile-token"))
              .transport(transport)
              .store(new InMemorySessionStore())
              .chunkPolicy(ChunkPolicy.fixed(64 * 1024))
              .retryPolicy(Rig.quickRetries())
              .requestTimeout(Duration.ofSeconds(20))
              .build()) {
        result = uploader.upload(file);
      }

      assertThat(graph.pendingFaults()).as("every scripted fault was met").isZero();
      assertThat(graph.sha256Of(result.handle().value())).hasValue(TestData.sha256(file));
      assertThat(result.handle().value())
          .startsWith(profile.handles() == HandleFormat.V4 ? "4::" : "2:");
      Figures.add(SECTION, "profile x transport runs, file whole", 1);
    }
  }
}
