package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.GraphError;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GraphErrorClassificationTest {

  private static GraphError error(int code, Boolean isTransient) {
    return new GraphError(
        code,
        OptionalInt.empty(),
        "",
        "m",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.ofNullable(isTransient));
  }

  @ParameterizedTest(name = "code {0} with HTTP {1} and is_transient {2} is {3}")
  @CsvSource({
    "1, 500, , TRANSIENT",
    "2, 503, , TRANSIENT",
    "4, 400, , THROTTLED",
    "17, 400, , THROTTLED",
    "32, 400, , THROTTLED",
    "341, 400, , THROTTLED",
    "613, 400, , THROTTLED",
    "102, 400, , FATAL",
    "190, 401, , FATAL",
    "190, 500, true, FATAL",
    "10, 403, , FATAL",
    "200, 403, , FATAL",
    "250, 403, , FATAL",
    "299, 403, , FATAL",
    "100, 400, , FATAL",
    "104, 400, , FATAL",
    "368, 400, , FATAL",
    "9999, 400, true, TRANSIENT",
    "9999, 500, , TRANSIENT",
    "9999, 429, , THROTTLED",
    "9999, 400, false, FATAL"
  })
  void classifiesEachCodeAsDocumented(
      int code, int status, Boolean isTransient, FailureKind expected) {
    assertThat(error(code, isTransient).kind(status)).isEqualTo(expected);
  }
}
