package dev.graphupload.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphupload.emulator.FaultSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The admin API under {@code /_emulator/}: what tests use to see what arrived and to steer faults.
 * Who may call it is {@link AdminGuard}'s to say.
 */
final class AdminApi {

  private static final int MAX_BODY = 64 * 1024;

  private final EmulatorState state;
  private final FaultSettings initialFaults;
  private final AdminGuard guard;

  AdminApi(EmulatorState state, FaultSettings initialFaults, AdminGuard guard) {
    this.state = state;
    this.initialFaults = initialFaults;
    this.guard = guard;
  }

  Exchange exchange(
      HttpRequest request, QueryStringDecoder query, SendExchange.Responder responder) {
    GraphFailure refused = guard.refusal(request).orElse(null);
    if (refused != null) {
      return new Exchange() {
        @Override
        public void content(ChannelHandlerContext ctx, HttpContent content) {
          // not read: the call is refused
        }

        @Override
        public void end(ChannelHandlerContext ctx) {
          responder.reply(ctx, Replies.error(ctx.alloc(), refused));
        }
      };
    }
    return new Exchange() {
      private final ByteArrayOutputStream body = new ByteArrayOutputStream();

      @Override
      public void content(ChannelHandlerContext ctx, HttpContent content) throws IOException {
        ByteBuf data = content.content();
        if (body.size() + data.readableBytes() > MAX_BODY) {
          throw new IOException("admin request body over " + MAX_BODY + " bytes");
        }
        data.getBytes(data.readerIndex(), body, data.readableBytes());
      }

      @Override
      public void end(ChannelHandlerContext ctx) throws IOException {
        try {
          handle(ctx, request.method(), query, body.toByteArray(), responder);
        } catch (GraphFailure failure) {
          responder.reply(ctx, Replies.error(ctx.alloc(), failure));
        }
      }
    };
  }

  private void handle(
      ChannelHandlerContext ctx,
      HttpMethod method,
      QueryStringDecoder query,
      byte[] body,
      SendExchange.Responder responder)
      throws IOException {
    String path = query.path();
    boolean get = method.equals(HttpMethod.GET);
    boolean change = method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT);
    if (get && path.equals("/_emulator/sessions")) {
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, sessions()));
    } else if (get && path.equals("/_emulator/files")) {
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, file(handleSession(query))));
    } else if (get && path.equals("/_emulator/files/bytes")) {
      sendBytes(ctx, handleSession(query));
    } else if (get && path.equals("/_emulator/faults")) {
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, faults(state.faults.settings())));
    } else if (change && path.equals("/_emulator/faults")) {
      state.faults.set(merge(state.faults.settings(), body));
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, faults(state.faults.settings())));
    } else if (change && path.equals("/_emulator/sessions/expire")) {
      StoredSession session = state.repository.findById(required(query, "id"));
      if (session == null) {
        throw GraphFailure.noSuchObject(required(query, "id"));
      }
      state.repository.expire(session);
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, Map.of("success", true)));
    } else if (change && path.equals("/_emulator/tokens/expire")) {
      state.tokens.expire(required(query, "token"));
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, Map.of("success", true)));
    } else if (change && path.equals("/_emulator/script")) {
      ScriptRequest.read(body).forEach(r -> state.script.enqueue(r.kind(), r.fault()));
      responder.reply(
          ctx, Replies.json(ctx.alloc(), 200, Map.of("pending", state.script.pending())));
    } else if (method.equals(HttpMethod.DELETE) && path.equals("/_emulator/script")) {
      state.script.clear();
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, Map.of("pending", 0)));
    } else if (change && path.equals("/_emulator/reset")) {
      state.reset(initialFaults);
      responder.reply(ctx, Replies.json(ctx.alloc(), 200, Map.of("success", true)));
    } else {
      throw GraphFailure.unknownPath(path);
    }
  }

  private static String required(QueryStringDecoder query, String name) {
    List<String> values = query.parameters().get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      throw GraphFailure.invalidParameter("The query parameter '" + name + "' is required");
    }
    return values.get(0);
  }

  private StoredSession handleSession(QueryStringDecoder query) {
    String handle = required(query, "handle");
    StoredSession session = state.repository.findByHandle(handle);
    if (session == null) {
      throw GraphFailure.noSuchObject(handle);
    }
    return session;
  }

  private ObjectNode sessions() {
    ObjectNode root = Replies.JSON.createObjectNode();
    ArrayNode list = root.putArray("sessions");
    for (StoredSession session : state.repository.all()) {
      ObjectNode node = list.addObject();
      synchronized (session) {
        node.put("id", session.id);
        node.put("name", session.fileName);
        node.put("type", session.fileType);
        node.put("length", session.length);
        node.put("offset", session.offset);
        node.put("complete", session.handle != null);
        node.put("handle", session.handle);
        node.put("expired", session.isExpired(state.config.clock().instant()));
        node.put("createdAt", session.createdAt.toString());
        node.put("expiresAt", session.expiresAt.toString());
      }
    }
    return root;
  }

  private static ObjectNode file(StoredSession session) {
    ObjectNode node = Replies.JSON.createObjectNode();
    synchronized (session) {
      node.put("handle", session.handle);
      node.put("name", session.fileName);
      node.put("type", session.fileType);
      node.put("length", session.length);
      node.put("sha256", session.sha256);
    }
    return node;
  }

  private void sendBytes(ChannelHandlerContext ctx, StoredSession session) throws IOException {
    if (state.config.sink()) {
      throw GraphFailure.invalidParameter("The emulator runs as a sink: it keeps no bytes");
    }
    Path data = state.repository.dataPath(session);
    long size = Files.size(data);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, session.fileType);
    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, size);
    head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.write(head);
    ctx.write(new DefaultFileRegion(data.toFile(), 0, size));
    ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
  }

  static ObjectNode faults(FaultSettings settings) {
    ObjectNode node = Replies.JSON.createObjectNode();
    node.put("seed", settings.seed());
    if (settings.cutAfterBytes().isPresent()) {
      node.put("cutAfterBytes", settings.cutAfterBytes().getAsLong());
    } else {
      node.putNull("cutAfterBytes");
    }
    node.put("cutProbability", settings.cutProbability());
    node.put("loseReplyProbability", settings.loseReplyProbability());
    node.put("errorProbability", settings.errorProbability());
    node.put("throttleProbability", settings.throttleProbability());
    node.put("throttleRetryAfterSeconds", settings.throttleRetryAfterSeconds());
    node.put("latencyMillis", settings.latencyMillis());
    node.put("bandwidthBytesPerSecond", settings.bandwidthBytesPerSecond());
    return node;
  }

  /** The settings with the fields the JSON body names changed; unknown fields are an error. */
  static FaultSettings merge(FaultSettings current, byte[] body) {
    JsonNode json;
    try {
      json = Replies.JSON.readTree(body);
    } catch (IOException e) {
      throw GraphFailure.invalidParameter("The fault settings must be a JSON object");
    }
    if (json == null || !json.isObject()) {
      throw GraphFailure.invalidParameter("The fault settings must be a JSON object");
    }
    FaultSettings s = current;
    try {
      for (var field : json.properties()) {

        JsonNode v = field.getValue();
        s =
            switch (field.getKey()) {
              case "seed" -> s.withSeed(v.asLong());
              case "cutAfterBytes" ->
                  v.isNull() ? s.withoutCutAfterBytes() : s.withCutAfterBytes(v.asLong());
              case "cutProbability" -> s.withCutProbability(v.asDouble());
              case "loseReplyProbability" -> s.withLoseReplyProbability(v.asDouble());
              case "errorProbability" -> s.withErrorProbability(v.asDouble());
              case "throttleProbability" -> s.withThrottleProbability(v.asDouble());
              case "throttleRetryAfterSeconds" -> s.withThrottleRetryAfterSeconds(v.asInt());
              case "latencyMillis" -> s.withLatencyMillis(v.asLong());
              case "bandwidthBytesPerSecond" -> s.withBandwidth(v.asLong());
              default ->
                  throw GraphFailure.invalidParameter(
                      "Unknown fault setting '" + field.getKey() + "'");
            };
      }
    } catch (IllegalArgumentException e) {
      throw GraphFailure.invalidParameter(e.getMessage());
    }
    return s;
  }
}
