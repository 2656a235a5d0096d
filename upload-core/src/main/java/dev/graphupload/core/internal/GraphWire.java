package dev.graphupload.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.core.AccessToken;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.GraphApiException;
import dev.graphupload.core.GraphError;
import dev.graphupload.core.GraphUploadException;
import dev.graphupload.core.HttpStatusException;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.SourceFile;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Graph Resumable Upload API on the wire: builds the three requests and reads their replies.
 * The only place that knows Graph's URLs, headers and JSON. The token travels only in the {@code
 * Authorization} header, and is scrubbed from any server text quoted in an exception.
 */
public final class GraphWire {

  /** The largest reply body read: every reply of this API is a few hundred bytes. */
  static final int MAX_REPLY_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SNIPPET = 200;

  private final String base;
  private final ApiVersion version;
  private final AccessToken token;
  private final Duration callTimeout;
  private final long minBytesPerSecond;

  /**
   * The wire mapping for one endpoint and token.
   *
   * @param endpoint scheme, host and port (and an optional path prefix) of the Graph API
   * @param version the API version
   * @param token the access token
   * @param callTimeout the timeout of a call without a body, and the base of a send's timeout
   * @param minBytesPerSecond the slowest transfer rate tolerated before a send times out
   */
  public GraphWire(
      URI endpoint,
      ApiVersion version,
      AccessToken token,
      Duration callTimeout,
      long minBytesPerSecond) {
    String text = endpoint.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.version = Objects.requireNonNull(version, "version");
    this.token = Objects.requireNonNull(token, "token");
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    if (minBytesPerSecond <= 0) {
      throw new IllegalArgumentException("minBytesPerSecond must be positive");
    }
    this.minBytesPerSecond = minBytesPerSecond;
  }

  /** The timeout of a call without a body. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** {@code POST /{v}/{app-id}/uploads?file_name=&file_length=&file_type=}. */
  public TransportRequest createSession(AppId appId, SourceFile file) {
    String query =
        "file_name="
            + encode(file.name())
            + "&file_length="
            + file.length()
            + "&file_type="
            + encode(file.type().mimeType());
    URI uri = URI.create(base + "/" + version + "/" + appId + "/uploads?" + query);
    return new TransportRequest(
        "POST", uri, authorized(), RequestBody.empty(), callTimeout, MAX_REPLY_BYTES);
  }

  /** {@code POST /{v}/upload:<id>} with {@code file_offset} and {@code length} bytes from it. */
  public TransportRequest sendBytes(
      SessionId session, java.nio.file.Path file, FileOffset from, long length) {
    Map<String, String> headers = authorized();
    headers.put("file_offset", Long.toString(from.value()));
    headers.put("Content-Type", "application/octet-stream");
    RequestBody body =
        length == 0 ? RequestBody.empty() : new RequestBody.FileRegion(file, from.value(), length);
    Duration timeout = callTimeout.plusSeconds(length / minBytesPerSecond);
    return new TransportRequest(
        "POST", sessionUri(session), headers, body, timeout, MAX_REPLY_BYTES);
  }

  /** {@code GET /{v}/upload:<id>}. */
  public TransportRequest queryOffset(SessionId session) {
    return new TransportRequest(
        "GET",
        sessionUri(session),
        authorized(),
        RequestBody.empty(),
        callTimeout,
        MAX_REPLY_BYTES);
  }

  private URI sessionUri(SessionId session) {
    // Verbatim: the "?sig=" part is a real query and must not be re-encoded.
    try {
      return new URI(base + "/" + version + "/" + session.value());
    } catch (java.net.URISyntaxException e) {
      throw new ProtocolException(
          "The session id " + session + " cannot be used in a URL: " + e.getReason());
    }
  }

  private Map<String, String> authorized() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", token.authorizationHeader());
    return headers;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Reads the reply to a create-session call. */
  public SessionId readCreated(TransportResponse response) {
    String operation = "create an upload session";
    JsonNode body = successBody(operation, response);
    String id = textField(operation, response, body, "id");
    try {
      return SessionId.of(id);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          "Graph's reply to "
              + operation
              + " has an id that is not a session id: "
              + e.getMessage());
    }
  }

  /** Reads the reply to a send-bytes call. */
  public SendReply readSent(TransportResponse response, long fileLength) {
    String operation = "accept the file's bytes";
    if (response.status() == 206) {
      // A partial-request reply: the chunk was taken, the reply does not say how far.
      return new SendReply.Unstated();
    }
    if (response.status() < 200 || response.status() > 299) {
      throw failure(operation, response);
    }
    if (response.bodyText().isBlank()) {
      return new SendReply.Unstated();
    }
    JsonNode body = parse(operation, response);
    JsonNode handle = body.get("h");
    if (handle != null) {
      if (!handle.isTextual()) {
        throw malformed(operation, response, "its \"h\" is not a string");
      }
      try {
        return new SendReply.Handle(FileHandle.of(handle.asText()));
      } catch (IllegalArgumentException e) {
        throw malformed(operation, response, "its \"h\" is not a file handle");
      }
    }
    if (body.has("file_offset")) {
      return new SendReply.Offset(offsetField(operation, response, body, fileLength));
    }
    throw malformed(operation, response, "it has neither \"h\" nor \"file_offset\"");
  }

  /** Reads the reply to a query-offset call. */
  public FileOffset readOffset(TransportResponse response, long fileLength) {
    String operation = "report the session's offset";
    JsonNode body = successBody(operation, response);
    return offsetField(operation, response, body, fileLength);
  }

  private JsonNode successBody(String operation, TransportResponse response) {
    if (response.status() < 200 || response.status() > 299) {
      throw failure(operation, response);
    }
    return parse(operation, response);
  }

  private JsonNode parse(String operation, TransportResponse response) {
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

  private String textField(
      String operation, TransportResponse response, JsonNode body, String name) {
    JsonNode field = body.get(name);
    if (field == null || !field.isTextual()) {
      throw malformed(operation, response, "it has no string \"" + name + "\"");
    }
    return field.asText();
  }

  private FileOffset offsetField(
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

  /** The exception for a reply with an error status. */
  public GraphUploadException failure(String operation, TransportResponse response) {
    Duration retryAfter = retryAfter(response).orElse(null);
    Optional<GraphError> error = envelope(response);
    if (error.isPresent()) {
      return new GraphApiException(operation, response.status(), error.get(), retryAfter);
    }
    return new HttpStatusException(operation, response.status(), snippet(response), retryAfter);
  }

  private Optional<GraphError> envelope(TransportResponse response) {
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
    JsonNode error = root == null ? null : root.get("error");
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

  private ProtocolException malformed(String operation, TransportResponse response, String why) {
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

  /** Removes the token from text a server sent, in case it echoes it back. */
  String scrub(String text) {
    return text.replace(token.secret(), "[redacted]");
  }
}
