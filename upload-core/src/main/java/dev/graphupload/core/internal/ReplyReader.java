package dev.graphupload.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.graphupload.core.AccessToken;
import dev.graphupload.core.FailureTable;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphError;
import dev.graphupload.core.HttpStatusException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.ServerReplyException;
import dev.graphupload.core.transport.TransportResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Reads the parts of a server's reply: its JSON body, a {@code file_offset}, Graph's error envelope
 * (or a bare HTTP status) with its retry hint, and the start of its body for messages. Everything
 * quoted from the server is scrubbed of the token, in case the server echoes it.
 */
final class ReplyReader {

  private static final int SNIPPET = 200;

  // read from every reply, so compiled once
  private static final Pattern WHOLE_SECONDS = Pattern.compile("[0-9]{1,9}");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,18}");

  private final AccessToken token;

  ReplyReader(AccessToken token) {
    this.token = token;
  }

  /** The exception for a reply with an error status. */
  ServerReplyException refusal(String operation, TransportResponse response) {
    Duration retryAfter = retryAfter(response).orElse(null);
    Optional<GraphError> error = envelope(response);
    if (error.isPresent()) {
      return new GraphApiException(operation, response.status(), error.get(), retryAfter);
    }
    return new HttpStatusException(operation, response.status(), snippet(response), retryAfter);
  }

  /**
   * What a refused send or query means: a lost session ({@link Reply.SessionGone}) or a failure,
   * which the {@link FailureRules} weigh.
   */
  Reply sessionRefusal(String operation, TransportResponse response) {
    ServerReplyException refusal = refusal(operation, response);
    if (refusal instanceof GraphApiException e && FailureTable.isSessionUnrecognised(e.error())) {
      return new Reply.SessionGone(e);
    }
    return new Reply.Failed(refusal);
  }

  private Optional<GraphError> envelope(TransportResponse response) {
    JsonNode error = tree(response).get("error");
    if (error == null || !error.isObject() || !error.path("code").canConvertToInt()) {
      return Optional.empty();
    }
    JsonNode subcode = error.get("error_subcode");
    JsonNode transientFlag = error.get("is_transient");
    Optional<String> trace =
        text(error, "fbtrace_id").or(() -> response.header("x-fb-trace-id").map(this::scrub));
    return Optional.of(
        new GraphError(
            error.get("code").asInt(),
            subcode != null && subcode.canConvertToInt()
                ? OptionalInt.of(subcode.asInt())
                : OptionalInt.empty(),
            text(error, "type").orElse(""),
            text(error, "message").orElse("(no message)"),
            text(error, "error_user_title"),
            text(error, "error_user_msg"),
            trace,
            transientFlag != null && transientFlag.isBoolean()
                ? Optional.of(transientFlag.asBoolean())
                : Optional.empty()));
  }

  private static JsonNode tree(TransportResponse response) {
    try {
      return JsonTrees.read(response.body());
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  private Optional<String> text(JsonNode node, String name) {
    JsonNode field = node.get(name);
    return field != null && field.isValueNode() && !field.isNull()
        ? Optional.of(scrub(field.asText()))
        : Optional.empty();
  }

  private static Optional<Duration> retryAfter(TransportResponse response) {
    return response
        .header("Retry-After")
        .map(String::trim)
        .filter(value -> WHOLE_SECONDS.matcher(value).matches())
        .map(value -> Duration.ofSeconds(Long.parseLong(value)));
  }

  /** A reply that broke the protocol: what was wrong, its status and the start of its body. */
  ProtocolException malformed(String operation, TransportResponse response, String why) {
    return new ProtocolException(
        "The server's reply when asked to "
            + operation
            + " is malformed: "
            + why
            + " (HTTP "
            + response.status()
            + ", body: "
            + snippet(response)
            + ")");
  }

  private String snippet(TransportResponse response) {
    String text = scrub(response.bodyText()).replaceAll("[\\p{Cntrl}]", " ").strip();
    return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET) + "…";
  }

  JsonNode parse(String operation, TransportResponse response) {
    JsonNode node;
    try {
      node = JsonTrees.read(response.body());
    } catch (IOException e) {
      throw malformed(operation, response, "it is not JSON");
    }
    if (!node.isObject()) {
      throw malformed(operation, response, "it is not a JSON object");
    }
    return node;
  }

  FileOffset offsetField(
      String operation, TransportResponse response, JsonNode body, long fileLength) {
    JsonNode field = body.get("file_offset");
    long offset;
    if (field != null && field.isIntegralNumber() && field.canConvertToLong()) {
      offset = field.asLong();
    } else if (field != null
        && field.isTextual()
        && WHOLE_NUMBER.matcher(field.asText()).matches()) {
      offset = Long.parseLong(field.asText());
    } else {
      throw malformed(operation, response, "it has no whole-number \"file_offset\"");
    }
    if (offset < 0 || offset > fileLength) {
      throw new ProtocolException(
          "The server claims an offset of "
              + offset
              + " for a file of "
              + fileLength
              + " bytes; it cannot be trusted with this upload");
    }
    return FileOffset.of(offset);
  }

  /** Removes the token from text a server sent, in case it echoes it back. */
  String scrub(String text) {
    return text.replace(token.secret(), "[redacted]");
  }
}
