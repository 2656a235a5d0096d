package dev.graphupload.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphupload.core.AccessToken;
import dev.graphupload.core.ApiVersion;
import dev.graphupload.core.AppId;
import dev.graphupload.core.FileHandle;
import dev.graphupload.core.FileOffset;
import dev.graphupload.core.ProtocolException;
import dev.graphupload.core.ServerReplyException;
import dev.graphupload.core.SessionId;
import dev.graphupload.core.UploadSubject;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Graph Resumable Upload API on the wire: builds the three requests and reads their replies
 * into {@link Reply} values. With {@link ReplyReader}, the only place that knows Graph's URLs,
 * headers and JSON. The token travels only in the {@code Authorization} header, and is scrubbed
 * from any server text quoted in an exception.
 */
public final class GraphWire {

  /** The largest reply body read: every reply of this API is a few hundred bytes. */
  static final int MAX_REPLY_BYTES = 64 * 1024;

  private final String base;
  private final ApiVersion version;
  private final AccessToken token;
  private final ReplyReader reader;
  private final Duration callTimeout;
  private final long minBytesPerSecond;
  private final Duration idleTimeout;

  /**
   * The wire mapping for one endpoint and token.
   *
   * @param endpoint scheme, host and port (and an optional path prefix) of the Graph API
   * @param version the API version
   * @param token the access token
   * @param callTimeout the timeout of a call without a body, and the base of a send's timeout
   * @param minBytesPerSecond the slowest transfer rate tolerated before a send times out
   * @param idleTimeout how long any call may go without a byte moving
   */
  public GraphWire(
      URI endpoint,
      ApiVersion version,
      AccessToken token,
      Duration callTimeout,
      long minBytesPerSecond,
      Duration idleTimeout) {
    String text = endpoint.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.version = Objects.requireNonNull(version, "version");
    this.token = Objects.requireNonNull(token, "token");
    this.reader = new ReplyReader(token);
    this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
    if (minBytesPerSecond <= 0) {
      throw new IllegalArgumentException("minBytesPerSecond must be positive");
    }
    this.minBytesPerSecond = minBytesPerSecond;
    this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  /** The timeout of a call without a body. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** {@code POST /{v}/{app-id}/uploads?file_name=&file_length=&file_type=}. */
  public TransportRequest createSession(AppId appId, UploadSubject upload) {
    String query =
        "file_name="
            + encode(upload.fileName())
            + "&file_length="
            + upload.length()
            + "&file_type="
            + encode(upload.fileType().mimeType());
    URI uri = URI.create(base + "/" + version + "/" + appId + "/uploads?" + query);
    return new TransportRequest(
        "POST", uri, authorized(), RequestBody.empty(), callTimeout, MAX_REPLY_BYTES, idleTimeout);
  }

  /** {@code POST /{v}/upload:<id>} with {@code file_offset} and the bytes from it. */
  public TransportRequest sendBytes(SessionId session, FileOffset from, RequestBody bytes) {
    Map<String, String> headers = authorized();
    headers.put("file_offset", Long.toString(from.value()));
    headers.put("Content-Type", "application/octet-stream");
    long length = bytes.length();
    RequestBody body = length == 0 ? RequestBody.empty() : bytes;
    Duration timeout = callTimeout.plusSeconds(length / minBytesPerSecond);
    return new TransportRequest(
        "POST", sessionUri(session), headers, body, timeout, MAX_REPLY_BYTES, idleTimeout);
  }

  /** {@code GET /{v}/upload:<id>}. */
  public TransportRequest queryOffset(SessionId session) {
    return new TransportRequest(
        "GET",
        sessionUri(session),
        authorized(),
        RequestBody.empty(),
        callTimeout,
        MAX_REPLY_BYTES,
        idleTimeout);
  }

  private URI sessionUri(SessionId session) {
    // Verbatim: the "?sig=" part is a real query and must not be re-encoded.
    try {
      return new URI(base + "/" + version + "/" + session.value());
    } catch (URISyntaxException e) {
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

  /** Reads the reply to a create-session call: {@link Reply.Created} or {@link Reply.Failed}. */
  public Reply readCreated(TransportResponse response) {
    String operation = "create an upload session";
    if (!isSuccess(response)) {
      return new Reply.Failed(reader.refusal(operation, response));
    }
    JsonNode body = reader.parse(operation, response);
    JsonNode id = body.get("id");
    if (id == null || !id.isTextual()) {
      throw reader.malformed(operation, response, "it has no string \"id\"");
    }
    try {
      return new Reply.Created(SessionId.of(id.asText()));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(
          "Graph's reply to "
              + operation
              + " has an id that is not a session id: "
              + e.getMessage());
    }
  }

  /**
   * Reads the reply to a send-bytes call. Any answer a server may give is a reply: a handle, an
   * offset, a success that does not say how far, a mismatch, a lost session, a refusal. Only a
   * refusal or a reply that cannot be understood is {@link Reply.Failed}, for the {@link
   * FailureRules} to weigh.
   *
   * @throws ProtocolException if the reply states an offset past the end of the file
   */
  public Reply readSent(TransportResponse response, long fileLength) {
    String operation = "accept the file's bytes";
    if (response.status() == 206) {
      // A partial-request reply: the chunk was taken, the reply does not say how far.
      return new Reply.Unstated();
    }
    if (!isSuccess(response)) {
      return reader.sessionRefusal(operation, response);
    }
    if (response.bodyText().isBlank()) {
      return new Reply.Unstated();
    }
    JsonNode body;
    try {
      body = reader.parse(operation, response);
    } catch (ProtocolException e) {
      return new Reply.Failed(e);
    }
    JsonNode handle = body.get("h");
    if (handle != null) {
      if (!handle.isTextual()) {
        return new Reply.Failed(reader.malformed(operation, response, "its \"h\" is not a string"));
      }
      try {
        return new Reply.Completed(FileHandle.of(handle.asText()));
      } catch (IllegalArgumentException e) {
        return new Reply.Failed(
            reader.malformed(operation, response, "its \"h\" is not a file handle"));
      }
    }
    if (body.has("file_offset")) {
      try {
        return new Reply.Offset(reader.offsetField(operation, response, body, fileLength));
      } catch (ProtocolException e) {
        if (body.path("file_offset").canConvertToLong()) {
          throw e; // a whole number past the end: a server that lies is not trusted further
        }
        return new Reply.Failed(e);
      }
    }
    return new Reply.Unstated(); // {"success":true}, {}: accepted, how far unsaid
  }

  /**
   * Reads the reply to a query-offset call: {@link Reply.Offset}, {@link Reply.SessionGone} or
   * {@link Reply.Failed}.
   *
   * @throws ProtocolException if a successful reply has no usable offset: the server's offset is
   *     the truth, and a server that cannot state it cannot be trusted with the upload
   */
  public Reply readOffset(TransportResponse response, long fileLength) {
    String operation = "report the session's offset";
    if (!isSuccess(response)) {
      return reader.sessionRefusal(operation, response);
    }
    return new Reply.Offset(
        reader.offsetField(operation, response, reader.parse(operation, response), fileLength));
  }

  /** The exception for a reply with an error status. */
  public ServerReplyException failure(String operation, TransportResponse response) {
    return reader.refusal(operation, response);
  }

  private static boolean isSuccess(TransportResponse response) {
    return response.status() >= 200 && response.status() <= 299;
  }
}
