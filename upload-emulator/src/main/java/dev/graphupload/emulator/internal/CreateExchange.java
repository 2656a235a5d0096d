package dev.graphupload.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * {@code POST /{v}/{app-id}/uploads}: the parameters come in the query string or in a {@code
 * application/x-www-form-urlencoded} body (Graph accepts a POST's parameters in either), and so may
 * the token. The body of a form is read whole (it is small) before the session is created.
 */
final class CreateExchange implements Exchange {

  /** The name a session gets when the client sends none; Graph's reference does not require one. */
  static final String DEFAULT_NAME = "file";

  private static final int MAX_FORM_BYTES = 64 * 1024;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> TYPES =
      Set.of("application/pdf", "image/jpeg", "image/jpg", "image/png", "video/mp4");

  private final EmulatorState state;
  private final String appId;
  private final Map<String, String> params;
  private final String headerToken;
  private final BiConsumer<ChannelHandlerContext, FullHttpResponse> reply;
  private final ByteBuf form = Unpooled.buffer();
  private final boolean json;

  CreateExchange(
      EmulatorState state,
      String appId,
      QueryStringDecoder query,
      String headerToken,
      boolean json,
      BiConsumer<ChannelHandlerContext, FullHttpResponse> reply) {
    this.json = json;
    this.state = state;
    this.appId = appId;
    this.params = firstValues(query.parameters());
    this.headerToken = headerToken;
    this.reply = reply;
  }

  @Override
  public void content(ChannelHandlerContext ctx, HttpContent content) {
    if (form.readableBytes() + content.content().readableBytes() > MAX_FORM_BYTES) {
      throw GraphFailure.invalidParameter("The request body is too large for a form");
    }
    form.writeBytes(content.content());
  }

  @Override
  public void end(ChannelHandlerContext ctx) throws IOException {
    try {
      if (form.isReadable() && json) {
        jsonParameters(form.toString(StandardCharsets.UTF_8)).forEach(params::putIfAbsent);
      } else if (form.isReadable()) {
        String body = form.toString(StandardCharsets.UTF_8);
        firstValues(new QueryStringDecoder(body, false).parameters()).forEach(params::putIfAbsent);
      }
      state.tokens.check(headerToken != null ? headerToken : params.get("access_token"));
      GraphFailure injected = state.faults.errorFor();
      if (injected != null) {
        throw injected;
      }
      reply.accept(ctx, Replies.json(ctx.alloc(), 200, Map.of("id", create().id)));
    } catch (GraphFailure failure) {
      reply.accept(ctx, Replies.error(ctx.alloc(), failure));
    } finally {
      form.release();
    }
  }

  /**
   * The parameters of a JSON body, as Meta's Node business SDK sends every POST: each string or
   * number member of the top-level object.
   */
  private static Map<String, String> jsonParameters(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw GraphFailure.invalidParameter("The request body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw GraphFailure.invalidParameter("The request body is not a JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : root.properties()) {
      if (f.getValue().isTextual() || f.getValue().isNumber()) {
        out.put(f.getKey(), f.getValue().asText());
      }
    }
    return out;
  }

  @Override
  public void abort() {
    if (form.refCnt() > 0) {
      form.release();
    }
  }

  private StoredSession create() throws IOException {
    String resolved =
        appId.equals("app") ? state.config.appIds().iterator().next() : appId; // as appId()
    if (!state.config.appIds().contains(resolved)) {
      throw GraphFailure.noSuchObject(appId);
    }
    String name = params.get("file_name");
    String length = params.get("file_length");
    String type = params.get("file_type");
    if (name == null || name.isBlank()) {
      name = DEFAULT_NAME;
    }
    if (name.length() > 1024) {
      throw GraphFailure.invalidParameter("file_name has at most 1024 characters");
    }
    if (length == null
        || !DIGITS.matcher(length).matches()
        || Long.parseLong(length) <= 0
        || Long.parseLong(length) > state.config.maxFileLength()) {
      throw GraphFailure.invalidParameter(
          "file_length must be a positive integer of at most " + state.config.maxFileLength());
    }
    if (type == null || !TYPES.contains(type)) {
      throw GraphFailure.invalidParameter(
          "file_type must be one of " + String.join(", ", TYPES.stream().sorted().toList()));
    }
    return state.repository.create(resolved, name, type, Long.parseLong(length));
  }

  private static Map<String, String> firstValues(Map<String, List<String>> all) {
    Map<String, String> first = new LinkedHashMap<>();
    all.forEach((name, values) -> first.put(name, values.isEmpty() ? "" : values.get(0)));
    return first;
  }
}
