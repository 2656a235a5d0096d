package dev.graphupload.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming trees read and write what a default {@code ObjectMapper} does. */
class JsonTreesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"upload:MTIz?sig=abc\"}",
        "{\"file_offset\":1048576}",
        "{\"file_offset\":\"1048576\",\"h\":null}",
        "{\"error\":{\"message\":\"Invalid\",\"type\":\"OAuthException\",\"code\":190,"
            + "\"error_subcode\":463,\"is_transient\":false,\"fbtrace_id\":\"A1b\"}}",
        "{\"a\":1,\"a\":2}",
        "{\"big\":123456789012345678901234567890,\"long\":5000000000,\"neg\":-7,\"f\":1.5e3}",
        "[1,[true,false,null],{\"x\":\"\\u00e9\\n\\\"\"}]",
        "\"text\"",
        "42",
        "{\"first\":1} {\"second\":2}",
        "",
        "   "
      })
  void readsWhatAMapperReads(String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    assertThat(JsonTrees.read(bytes)).isEqualTo(MAPPER.readTree(bytes));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<html><body>Bad gateway</body></html>",
        "{\"file_offset\":",
        "{\"a\":1",
        "[1,2",
        "{\"a\" 1}",
        "{'a':1}"
      })
  void refusesWhatIsNotJson(String json) {
    assertThatThrownBy(() -> JsonTrees.read(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonProcessingException.class);
  }

  @Test
  void refusesNestingDeeperThanTheParsersLimitWithoutOverflowingTheStack() {
    String deep = "[".repeat(20_000) + "]".repeat(20_000);

    assertThatThrownBy(() -> JsonTrees.read(deep.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("depth");
  }

  @Test
  void writesWhatAMapperWrites() throws IOException {
    ObjectNode tree = JsonTrees.object();
    tree.put("schema", 1);
    tree.put("key", "sha256:ab\u00e9\"\n\u0001");
    tree.put("fileLength", 5_000_000_000L);
    tree.put("ratio", 0.25);
    tree.put("done", true);
    tree.putNull("nothing");
    tree.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
    tree.putObject("state")
        .put("type", "in-progress")
        .putArray("digests")
        .addObject()
        .put("from", 0);
    tree.putArray("empty");

    byte[] written = JsonTrees.write(tree);

    assertThat(new String(written, StandardCharsets.UTF_8))
        .isEqualTo(new String(MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8));
    JsonNode back = JsonTrees.read(written);
    assertThat(back).isEqualTo(tree);
  }
}
