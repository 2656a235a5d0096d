package dev.graphupload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceFileTest {

  private static final long LIMIT = 1_000_000;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"a.pdf", "b.jpg", "c.jpeg", "d.png", "e.mp4", "F.MP4"})
  void acceptsEachTypeWhenExtensionAndContentAgree(String name) throws Exception {
    Path file = TestFiles.write(dir, name, 500, 1);

    SourceFile source = SourceFile.inspect(file, LIMIT);

    assertThat(source.name()).isEqualTo(name);
    assertThat(source.length()).isEqualTo(500);
    assertThat(source.type()).isEqualTo(FileType.fromFileName(name).orElseThrow());
    assertThat(source.path()).isAbsolute();
    assertThat(source.modified()).isEqualTo(Files.getLastModifiedTime(file).toInstant());
  }

  @Test
  void namesAMissingFile() {
    assertThatThrownBy(() -> SourceFile.inspect(dir.resolve("gone.mp4"), LIMIT))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageContaining("gone.mp4")
        .hasMessageContaining("does not exist");
  }

  @Test
  void refusesADirectory() {
    assertThatThrownBy(() -> SourceFile.inspect(dir, LIMIT)).hasMessageContaining("is a directory");
  }

  @Test
  void refusesAnEmptyFile() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.mp4"));

    assertThatThrownBy(() -> SourceFile.inspect(empty, LIMIT)).hasMessageContaining("is empty");
  }

  @Test
  void refusesAFileOverTheLimit() {
    Path big = TestFiles.write(dir, "big.pdf", 2_000, 2);

    assertThatThrownBy(() -> SourceFile.inspect(big, 1_999))
        .hasMessageContaining("2000 bytes")
        .hasMessageContaining("limit of 1999");
  }

  @Test
  void refusesAnUnsupportedExtension() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "hello");

    assertThatThrownBy(() -> SourceFile.inspect(text, LIMIT)).hasMessageContaining("extension");
  }

  @Test
  void refusesAnExtensionThatContradictsTheContent() throws Exception {
    Path png = TestFiles.write(dir, "real.png", 300, 3);
    Path lying = Files.move(png, dir.resolve("fake.pdf"));

    assertThatThrownBy(() -> SourceFile.inspect(lying, LIMIT))
        .isInstanceOf(InvalidFileException.class)
        .hasMessageContaining("fake.pdf")
        .hasMessageContaining("application/pdf")
        .hasMessageContaining("image/png");
  }

  @Test
  void refusesContentOfNoKnownType() throws Exception {
    Path file = Files.writeString(dir.resolve("clip.mp4"), "not a video at all");

    assertThatThrownBy(() -> SourceFile.inspect(file, LIMIT))
        .hasMessageContaining("not a video/mp4 file");
  }

  @Test
  void refusesAnUnreadableFile() throws Exception {
    Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")), "root can read any file");
    Path file = TestFiles.write(dir, "locked.pdf", 100, 4);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));

    assertThatThrownBy(() -> SourceFile.inspect(file, LIMIT)).hasMessageContaining("not readable");
  }

  @Test
  void fingerprintSeesAChangeInTheMiddleOnlyThroughSizeOrTime() throws Exception {
    Path file = TestFiles.write(dir, "v.mp4", 300_000, 5);
    Fingerprint before = Fingerprint.of(SourceFile.inspect(file, LIMIT));

    assertThat(before.changeSince(Fingerprint.of(SourceFile.inspect(file, LIMIT)))).isEmpty();

    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1; // the tail sample changes
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, FileTime.from(before.modified()));
    assertThat(before.changeSince(Fingerprint.of(SourceFile.inspect(file, LIMIT))))
        .contains("its content changed");

    Files.write(file, Arrays.copyOf(bytes, 299_000));
    assertThat(before.changeSince(Fingerprint.of(SourceFile.inspect(file, LIMIT))))
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("size changed from 300000 to 299000"));
  }
}
