package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.store.RangeDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's "at most about 128 ranges per file", and what it costs: a run hashes each byte it
 * sends once (plus, when it resumes, the record's last short range), whatever the chunk size.
 */
class ContentDigestsTest {

  @ParameterizedTest(name = "{0} bytes sent {1} at a time")
  @CsvSource({
    "10485760, 65536", // 10 MiB in 64 KiB chunks: ranges of the 1 MiB floor
    "167772160, 307200", // 160 MiB in 300 KiB chunks: ranges of 1/128 of the file
    "167772160, 1", // one chunk: one range
    "3000000, 7"
  })
  void keepsAtMostAbout128RangesAndHashesEachByteOnce(long length, long chunkOrCount) {
    long chunk = chunkOrCount < 1024 ? Math.max(1, length / chunkOrCount) : chunkOrCount;
    AtomicLong read = new AtomicLong();
    ReadAt file =
        (target, position) -> {
          int n = (int) Math.min(target.remaining(), length - position);
          if (n <= 0) {
            return -1;
          }
          for (int i = 0; i < n; i++) {
            target.put((byte) (position + i));
          }
          read.addAndGet(n);
          return n;
        };

    List<RangeDigest> digests = List.of();
    ContentDigests.Tail run = new ContentDigests.Tail();
    long halfway = length / 2;
    long resumedAt = -1;
    for (long to = Math.min(chunk, length); ; to = Math.min(to + chunk, length)) {
      if (resumedAt < 0 && to > halfway) {
        run = new ContentDigests.Tail(); // a new run, resuming from the record
        resumedAt = to;
      }
      digests = ContentDigests.upTo(digests, to, length, file, run);
      if (to == length) {
        break;
      }
    }

    assertThat(ContentDigests.covered(digests)).isEqualTo(length);
    assertThat(digests.size())
        .as("ranges kept (the README: at most about 128)")
        .isLessThanOrEqualTo(129);
    for (int i = 1; i < digests.size(); i++) {
      assertThat(digests.get(i).from()).isEqualTo(digests.get(i - 1).to());
    }
    assertThat(read.get())
        .as("bytes hashed: each once, and the last short range again after the resume")
        .isLessThanOrEqualTo(length + ContentDigests.rangeFor(length));
    read.set(0);
    assertThat(ContentDigests.firstDifference(digests, file)).isEmpty();
    assertThat(read.get()).as("bytes read to compare").isEqualTo(length);
  }
}
