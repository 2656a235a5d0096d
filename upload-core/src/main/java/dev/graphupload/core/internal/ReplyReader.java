package dev.graphupload.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.core.AccessToken;
import dev.graphupload.core.FailureKind;
import dev.graphupload.core.FailureTable;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphError;
import dev.graphupload.core.HttpStatusException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.ServerReplyException;
import dev.graphupload.core.transport.TransportResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the parts of a server's reply: its JSON body, a {@code file_offset}, Graph's error envelope
 * (or a bare HTTP status) with its retry hint, and the start of its body for messages. Everything
 * quoted from the server is scrubbed of the token, in case the server echoes it.
 */
final class ReplyReader {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIPPET = 200;

  private final AccessToken token;

  ReplyReader(AccessToken token) {
    this.token = token;
  }

  /**
   * A refused create-session call. Code 100 with subcode 33, "no such object", names the app there,
   * which no retry will change; on a session call the same code means the session is gone.
   */
  Reply.Failed refusedCreate(String operation, TransportResponse response) {
    ServerReplyException refusal = refusal(operation, response);
    return refusal instanceof GraphApiException g && g.error().isSessionGone()
        ? new Reply.Failed(refusal, FailureKind.FATAL)
        : new Reply.Failed(refusal);
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
   * What a refused send means: a mismatch, a lost session, a definite refusal or retryable failure
   * ({@link Reply.Failed}), or a refusal not known to be final ({@link Reply.Unclear}).
   */
  Reply sendRefusal(String operation, TransportResponse response, long length) {
    ServerReplyException refusal = refusal(operation, response);
    if (refusal instanceof GraphApiException e) {
      if (e.error().isOffsetMismatch()) {
        return new Reply.OffsetMismatch(statedStartOffset(response, length), e);
      }
      if (FailureTable.isSessionUnrecognised(e.error())) {
        return new Reply.SessionGone(e);
      }
      if (FailureTable.isDefiniteRefusal(e.error())) {
        return new Reply.Failed(e);
      }
    }
    return refusal.kind() == FailureKind.FATAL
        ? new Reply.Unclear(refusal)
        : new Reply.Failed(refusal);
  }

  /** {@code error.error_data.start_offset} of a mismatch reply: where the server says it stands. */
  static Optional<FileOffset> statedStartOffset(TransportResponse response, long fileLength) {
    JsonNode data = tree(response).path("error").path("error_data");
    if (data.isTextual()) {
      // Graph sometimes sends error_data as a JSON string holding an object
      try {
        data = JSON.readTree(data.asText());
      } catch (java.io.IOException e) {
        return Optional.empty();
      }
    }
    JsonNode start = data == null ? null : data.get("start_offset");
    if (start == null) {
      return Optional.empty();
    }
    String text = start.asText();
    if (!text.matches("[0-9]{1,18}") || Long.parseLong(text) > fileLength) {
      return Optional.empty();
    }
    return Optional.of(FileOffset.of(Long.parseLong(text)));
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
      JsonNode root = JSON.readTree(response.body());
      return root == null ? JSON.missingNode() : root;
    } catch (java.io.IOException e) {
      return JSON.missingNode();
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
        .filter(value -> value.matches("[0-9]{1,9}"))
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
      node = JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      throw malformed(operation, response, "it is not JSON");
    }
    if (node == null || !node.isObject()) {
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
    } else if (field != null && field.isTextual() && field.asText().matches("[0-9]{1,18}")) {
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
