package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

  @Test
  void sessionIdKeepsItsSignatureVerbatim() {
    String raw = "upload:MTphdHRhY2htZW50Ojk1?sig=ARZqN3Ez+/x=";

    assertThat(SessionId.of(raw).value()).isEqualTo(raw);
    assertThat(SessionId.of(raw).toString()).isEqualTo(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "upload:", "MTph", "upload:a b", "upload:a\nb", "upload:a#b"})
  void sessionIdRejectsWhatCannotBeOne(String raw) {
    assertThatThrownBy(() -> SessionId.of(raw)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offsetsAreNeverNegative() {
    assertThatThrownBy(() -> FileOffset.of(-1)).hasMessageContaining("negative");
    assertThat(FileOffset.of(5).plus(3)).isEqualTo(FileOffset.of(8));
    assertThatThrownBy(() -> FileOffset.of(5).plus(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FileOffset.of(2).isBefore(FileOffset.of(3))).isTrue();
  }

  @Test
  void handleReadsItsExpiry() {
    FileHandle handle =
        FileHandle.of(
            "2:c2FtcGxlLm1wNA==:image/jpeg:GKAj0gAUCZmJ1voFADip2iIAAAAAbugbAAAA:e:1472075513:ARZ_abc");

    assertThat(handle.expiresAt()).contains(Instant.ofEpochSecond(1472075513));
    assertThat(FileHandle.of("opaque-handle").expiresAt()).isEmpty();
    assertThatThrownBy(() -> FileHandle.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fileTypesAreTheFiveGraphAccepts() {
    assertThat(FileType.of("VIDEO/MP4")).isEqualTo(FileType.MP4);
    assertThat(FileType.JPG.sameFormatAs(FileType.JPEG)).isTrue();
    assertThat(FileType.fromFileName("photo.JPG")).contains(FileType.JPEG);
    assertThat(FileType.fromFileName("notes.txt")).isEmpty();
    assertThat(FileType.fromFileName("noextension")).isEmpty();
    assertThatThrownBy(() -> FileType.of("image/gif")).hasMessageContaining("accepts only");
  }

  @Test
  void appIdsAreDigitsAndVersionsLookLikeV24() {
    assertThat(AppId.of("1234567890").value()).isEqualTo("1234567890");
    assertThatThrownBy(() -> AppId.of("12a")).hasMessageContaining("numeric");
    assertThat(ApiVersion.DEFAULT.value()).isEqualTo("v24.0");
    assertThatThrownBy(() -> ApiVersion.of("24.0")).hasMessageContaining("v24.0");
    assertThatThrownBy(() -> ApiVersion.of("v24.0/../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accessTokenNeverShowsItself() {
    AccessToken token = AccessToken.of("EAAGsecretvalue");

    assertThat(token.toString()).doesNotContain("EAAGsecretvalue").contains("redacted");
    assertThat(token.authorizationHeader()).isEqualTo("OAuth EAAGsecretvalue");
    assertThatThrownBy(() -> AccessToken.of("EAAG secret"))
        .hasMessageNotContaining("EAAG")
        .hasMessageContaining("white space");
    assertThatThrownBy(() -> AccessToken.of(" ")).hasMessageContaining("empty");
  }
}
