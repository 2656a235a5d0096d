package dev.graphupload.apicheck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalUnit;
import org.junit.jupiter.api.Test;

/**
 * Durations are measured on a monotonic ticker, never on the wall clock, in every published module:
 * a clock set back or forth (NTP, a resumed VM, a person fixing the date) must not crash an upload,
 * stretch a retry limit or a revisit, or stretch a lease. The wall clock only stamps records (a
 * session's creation, a corrupt record's name) and is compared only with absolute times a server
 * gave (a session's or handle's expiry).
 */
class MonotonicTimeTest {

  private final JavaClasses library =
      new ClassFileImporter()
          .importPackages(
              "dev.graphupload.core",
              "dev.graphupload.transport",
              "dev.graphupload.storage",
              "dev.graphupload.guice",
              "dev.graphupload.micrometer",
              "dev.graphupload.spring",
              "dev.graphupload.emulator",
              "dev.graphupload.testkit");

  @Test
  void noDurationIsMeasuredOnTheWallClock() {
    noClasses()
        .that()
        // the emulator's certificate is valid from now: a stamp, not a duration
        .doNotHaveFullyQualifiedName("dev.graphupload.emulator.internal.TlsMaterial")
        .should()
        .callMethod(Duration.class, "between", Temporal.class, Temporal.class)
        .orShould()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(Instant.class, "until", Temporal.class, TemporalUnit.class)
        .because("durations use a monotonic Ticker; the wall clock only stamps records")
        .check(library);
  }
}
