package dev.graphupload.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphupload.emulator.ScriptedFault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body of {@code POST /_emulator/script}: one fault, or an array of them, each {@code
 * {"request":"send|query|create","fault":"cut-after|lose-reply|mismatch|error|reply|stall", …}}
 * with {@code bytes} for a cut, {@code status}/{@code code}/{@code subcode}/{@code message} for an
 * error, {@code status}/{@code body} for a reply.
 */
record ScriptRequest(ScriptedFault.Request kind, ScriptedFault fault) {

  static List<ScriptRequest> read(byte[] body) {
    JsonNode root;
    try {
      root = Replies.JSON.readTree(body);
    } catch (IOException e) {
      throw GraphFailure.invalidParameter("The script is not JSON");
    }
    List<ScriptRequest> all = new ArrayList<>();
    if (root != null && root.isArray()) {
      root.forEach(node -> all.add(one(node)));
    } else if (root != null && root.isObject()) {
      all.add(one(root));
    } else {
      throw GraphFailure.invalidParameter("The script is a JSON object or an array of them");
    }
    return all;
  }

  private static ScriptRequest one(JsonNode node) {
    ScriptedFault.Request kind;
    try {
      kind = ScriptedFault.Request.valueOf(text(node, "request").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw GraphFailure.invalidParameter("\"request\" is send, query or create");
    }
    String name = text(node, "fault");
    ScriptedFault fault =
        switch (name) {
          case "cut-after" -> new ScriptedFault.CutAfter(number(node, "bytes"));
          case "lose-reply" -> new ScriptedFault.LoseReply();
          case "mismatch" -> new ScriptedFault.Mismatch();
          case "stall" -> new ScriptedFault.Stall();
          case "error" ->
              new ScriptedFault.Error(
                  (int) number(node, "status"),
                  (int) number(node, "code"),
                  node.hasNonNull("subcode") ? node.get("subcode").asInt() : null,
                  node.path("message").asText("Scripted error"));
          case "reply" -> new ScriptedFault.Reply((int) number(node, "status"), text(node, "body"));
          default ->
              throw GraphFailure.invalidParameter(
                  "\"fault\" is cut-after, lose-reply, mismatch, error, reply or stall; got '"
                      + name
                      + "'");
        };
    return new ScriptRequest(kind, fault);
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw GraphFailure.invalidParameter("The script needs a string \"" + name + "\"");
    }
    return value.asText();
  }

  private static long number(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.canConvertToLong() || value.asLong() < 0) {
      throw GraphFailure.invalidParameter("The script needs a whole number \"" + name + "\"");
    }
    return value.asLong();
  }
}
