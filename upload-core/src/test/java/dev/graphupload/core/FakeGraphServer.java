package dev.graphupload.core;

import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.HttpTransport;
import dev.graphupload.core.transport.RequestBody;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A scripted, in-memory Graph Resumable Upload server behind {@link HttpTransport}: strict about
 * the protocol, and able to fail on purpose ({@link Fault}). It records every request and every
 * byte it was sent, so tests can check what crossed the wire.
 *
 * <p>Synchronized: one request at a time, as the engine sends them.
 */
public final class FakeGraphServer implements HttpTransport {

  /** How the server answers a send that leaves bytes to come. */
  public enum PartialReply {
    OFFSET_JSON,
    EMPTY_BODY,
    STATUS_206
  }

  /** One body the server received (possibly cut short). */
  public record Received(String session, long offset, byte[] bytes, long committedBefore) {}

  private final String token;
  private final String appId;
  private final Deque<Fault> script = new ArrayDeque<>();
  private final Map<String, Session> sessions = new HashMap<>();

  /** Sessions the server forgot, kept only so tests can still see what had arrived. */
  private final Map<String, Session> forgotten = new HashMap<>();

  private final List<TransportRequest> requests = new ArrayList<>();
  private final List<Received> received = new ArrayList<>();
  private PartialReply partialReply = PartialReply.OFFSET_JSON;
  private int sessionCounter;
  private boolean tokenSeenInUrl;

  private static final class Session {
    final String id;
    final String name;
    final String type;
    final byte[] bytes;
    long offset;
    String handle;

    Session(String id, String name, String type, long length) {
      this.id = id;
      this.name = name;
      this.type = type;
      this.bytes = new byte[Math.toIntExact(length)];
    }
  }

  public FakeGraphServer(String token, String appId) {
    this.token = token;
    this.appId = appId;
  }

  /** Faults for the next requests, in order; requests past the script are served normally. */
  public synchronized FakeGraphServer script(List<Fault> faults) {
    script.addAll(faults);
    return this;
  }

  public synchronized FakeGraphServer partialReply(PartialReply mode) {
    this.partialReply = mode;
    return this;
  }

  public synchronized List<TransportRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<Received> received() {
    return List.copyOf(received);
  }

  public synchronized boolean tokenSeenInUrl() {
    return tokenSeenInUrl;
  }

  /** The bytes a session holds, or null. */
  public synchronized byte[] bytesOf(SessionId session) {
    Session s = sessions.getOrDefault(session.value(), forgotten.get(session.value()));
    return s == null ? null : Arrays.copyOf(s.bytes, (int) s.offset);
  }

  public synchronized String handleOf(SessionId session) {
    Session s = sessions.getOrDefault(session.value(), forgotten.get(session.value()));
    return s == null ? null : s.handle;
  }

  public synchronized void expire(SessionId session) {
    forget(session.value());
  }

  private void forget(String id) {
    Session gone = sessions.remove(id);
    if (gone != null) {
      forgotten.put(id, gone);
    }
  }

  @Override
  public synchronized CompletableFuture<TransportResponse> execute(
      TransportRequest request, BodyProgress progress) {
    requests.add(request);
    if (request.uri().toString().contains(token)) {
      tokenSeenInUrl = true;
    }
    Fault fault = script.isEmpty() ? new Fault.None() : script.poll();
    try {
      return CompletableFuture.completedFuture(serve(request, progress, fault));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private TransportResponse serve(TransportRequest request, BodyProgress progress, Fault fault)
      throws IOException {
    if (fault instanceof Fault.Crash) {
      throw new Fault.SimulatedCrash();
    }
    String auth = request.headers().get("Authorization");
    if (fault instanceof Fault.EchoToken) {
      return error(400, 100, 0, "Bad request from " + auth + " token=" + token);
    }
    if (auth == null || !auth.equals("OAuth " + token)) {
      return error(401, 190, 0, "Invalid OAuth access token.");
    }
    if (fault instanceof Fault.Transient t) {
      return error(t.httpStatus(), t.code(), 0, "An unexpected error has occurred.", true, 0);
    }
    if (fault instanceof Fault.Throttle t) {
      return error(
          400, t.code(), 0, "Application request limit reached", false, t.retryAfterSeconds());
    }
    if (fault instanceof Fault.Fatal f) {
      return error(f.code() == 190 ? 401 : 400, f.code(), 0, "Fatal error " + f.code());
    }
    if (fault instanceof Fault.Malformed) {
      return new TransportResponse(200, Map.of(), "<html>oops".getBytes(StandardCharsets.UTF_8));
    }
    URI uri = request.uri();
    String path = uri.getRawPath();
    String[] segments = path.split("/");
    if (segments.length == 4 && segments[3].equals("uploads") && request.method().equals("POST")) {
      return create(segments[2], uri.getRawQuery(), fault);
    }
    String sessionId = segments.length == 3 ? segments[2] : "";
    if (uri.getRawQuery() != null) {
      sessionId = sessionId + "?" + uri.getRawQuery();
    }
    if (!sessionId.startsWith("upload:")) {
      return error(400, 100, 0, "Unknown path " + path);
    }
    if (fault instanceof Fault.ExpireSession) {
      forget(sessionId);
    }
    Session session = sessions.get(sessionId);
    if (session == null) {
      return error(
          400, 100, 33, "Unsupported request. Object with ID '" + sessionId + "' does not exist");
    }
    if (request.method().equals("GET")) {
      long reported = session.offset;
      if (fault instanceof Fault.LieAboutOffset lie) {
        reported += lie.delta();
      }
      return json(200, "{\"id\":\"" + session.id + "\",\"file_offset\":" + reported + "}");
    }
    return send(session, request, progress, fault);
  }

  private TransportResponse create(String app, String query, Fault fault) throws IOException {
    if (!app.equals(appId)) {
      // as Graph (and the emulator) answer for an id that names nothing the token can use
      return error(
          400, 100, 33, "Unsupported request. Object with ID '" + app + "' does not exist");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    long length;
    try {
      length = Long.parseLong(params.get("file_length"));
    } catch (RuntimeException e) {
      return error(400, 100, 0, "file_length must be a positive integer");
    }
    if (length <= 0 || params.get("file_name") == null || params.get("file_type") == null) {
      return error(400, 100, 0, "Invalid parameters");
    }
    String opaque =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("session-" + (++sessionCounter) + ":" + params.get("file_name"))
                    .getBytes(StandardCharsets.UTF_8));
    String id = "upload:" + opaque + "?sig=ARZ" + Integer.toHexString(opaque.hashCode());
    sessions.put(id, new Session(id, params.get("file_name"), params.get("file_type"), length));
    TransportResponse reply = json(200, "{\"id\":\"" + id + "\"}");
    if (fault instanceof Fault.LoseReply) {
      throw new IOException("reply lost");
    }
    return reply;
  }

  private TransportResponse send(
      Session session, TransportRequest request, BodyProgress progress, Fault fault)
      throws IOException {
    String offsetHeader = request.headers().get("file_offset");
    if (offsetHeader == null) {
      return error(400, 100, 0, "Missing file_offset header");
    }
    long offset = Long.parseLong(offsetHeader);
    byte[] body = readBody(request.body());
    if (offset != session.offset) {
      return error(
          400,
          100,
          1363037,
          "file_offset " + offset + " does not match the server's offset " + session.offset);
    }
    if (offset + body.length > session.bytes.length) {
      return error(400, 100, 0, "The body passes file_length");
    }
    if (fault instanceof Fault.Answer answer && !answer.commit()) {
      return json(answer.status(), answer.body());
    }
    int keep = body.length;
    if (fault instanceof Fault.CutAfter cut) {
      keep = (int) Math.min(cut.bytes(), body.length);
    }
    if (fault instanceof Fault.HandleAfter lie) {
      keep = (int) Math.min(lie.bytes(), body.length);
    }
    received.add(new Received(session.id, offset, Arrays.copyOf(body, keep), session.offset));
    System.arraycopy(body, 0, session.bytes, (int) offset, keep);
    session.offset += keep;
    progress.bytesWritten(keep);
    if (keep < body.length && !(fault instanceof Fault.HandleAfter)) {
      throw new IOException("connection reset after " + keep + " body bytes");
    }
    TransportResponse reply;
    if (fault instanceof Fault.Answer answer) {
      reply = json(answer.status(), answer.body());
    } else if (session.offset == session.bytes.length
        || fault instanceof Fault.EarlyHandle
        || fault instanceof Fault.HandleAfter) {
      if (session.handle == null) {
        String name =
            Base64.getEncoder().encodeToString(session.name.getBytes(StandardCharsets.UTF_8));
        session.handle =
            "2:"
                + name
                + ":"
                + session.type
                + ":GKAjfake"
                + sessionCounter
                + ":e:4102444800:ARZfake";
      }
      reply = json(200, "{\"h\":\"" + session.handle + "\"}");
    } else if (fault instanceof Fault.LieAboutOffset lie) {
      reply =
          json(
              200,
              "{\"id\":\""
                  + session.id
                  + "\",\"file_offset\":"
                  + (session.offset + lie.delta())
                  + "}");
    } else {
      reply =
          switch (partialReply) {
            case OFFSET_JSON ->
                json(200, "{\"id\":\"" + session.id + "\",\"file_offset\":" + session.offset + "}");
            case EMPTY_BODY -> new TransportResponse(200, Map.of(), new byte[0]);
            case STATUS_206 -> error(206, 100, 0, "Partial request");
          };
    }
    if (fault instanceof Fault.LoseReply) {
      throw new IOException("reply lost after the bytes were committed");
    }
    return reply;
  }

  private static byte[] readBody(RequestBody body) {
    if (body instanceof RequestBody.Bytes b) {
      return b.bytes();
    }
    if (body instanceof RequestBody.FileRegion region) {
      try (FileChannel channel = FileChannel.open(region.path(), StandardOpenOption.READ)) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(region.length()));
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, region.offset() + buffer.position()) < 0) {
            throw new IOException("file region past end of file");
          }
        }
        return buffer.array();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (body instanceof RequestBody.Ranged range) {
      ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(range.length()));
      try {
        while (buffer.hasRemaining()) {
          if (range.source().read(buffer, range.offset() + buffer.position()) < 0) {
            throw new IOException("range past the end of the source");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return buffer.array();
    }
    return new byte[0];
  }

  private static TransportResponse json(int status, String body) {
    return new TransportResponse(
        status,
        Map.of("Content-Type", List.of("application/json; charset=UTF-8")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static TransportResponse error(int status, int code, int subcode, String message) {
    return error(status, code, subcode, message, false, 0);
  }

  private static TransportResponse error(
      int status, int code, int subcode, String message, boolean isTransient, int retryAfter) {
    String body =
        "{\"error\":{\"message\":\""
            + message.replace("\"", "'")
            + "\",\"type\":\""
            + (code == 190 ? "OAuthException" : "GraphMethodException")
            + "\",\"code\":"
            + code
            + (subcode == 0 ? "" : ",\"error_subcode\":" + subcode)
            + ",\"is_transient\":"
            + isTransient
            + ",\"fbtrace_id\":\"AbCdEfFake\"}}";
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Content-Type", List.of("application/json; charset=UTF-8"));
    headers.put("x-fb-trace-id", List.of("AbCdEfFake"));
    if (retryAfter > 0) {
      headers.put("Retry-After", List.of(Integer.toString(retryAfter)));
    }
    if (code == 190) {
      headers.put("WWW-Authenticate", List.of("OAuth \"Facebook Platform\" \"invalid_token\""));
    }
    return new TransportResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }
}
