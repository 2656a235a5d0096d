package dev.graphupload.samples.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The service's own application.yml, with GRAPH_ACCESS_TOKEN unset: it refuses to start. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

  @Test
  void anUnsetTokenStopsTheStartNamingTheProperty(CapturedOutput output) {
    assumeTrue(
        System.getenv("GRAPH_ACCESS_TOKEN") == null,
        "GRAPH_ACCESS_TOKEN is set in this environment");
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(SpringServiceApplication.class)
                    .properties("server.port=0", "GRAPH_APP_ID=1234567890")
                    .run()
                    .close())
        .isInstanceOf(Exception.class);

    assertThat(output.getAll())
        .contains("APPLICATION FAILED TO START")
        .contains("The property 'graph-upload.access-token' cannot be used")
        .contains("${GRAPH_ACCESS_TOKEN} did not resolve")
        .contains("Action:");
  }
}
