package dev.graphupload.emulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Builds the emulator's HTTP replies: JSON bodies and Graph's error envelope. */
final class Replies {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom TRACE = new SecureRandom();

  private Replies() {}

  static String traceId() {
    byte[] bytes = new byte[8];
    TRACE.nextBytes(bytes);
    return "A" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static FullHttpResponse json(ByteBufAllocator alloc, int status, Object body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("reply body is always serializable", e);
    }
    return bytes(alloc, status, bytes, "application/json; charset=UTF-8");
  }

  static FullHttpResponse bytes(
      ByteBufAllocator alloc, int status, byte[] body, String contentType) {
    ByteBuf content = alloc.buffer(body.length).writeBytes(body);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.headers().set("x-fb-trace-id", traceId());
    return response;
  }

  /** A reply whose JSON text was given as it is (a scripted fault's). */
  static FullHttpResponse raw(ByteBufAllocator alloc, int status, String body) {
    return bytes(alloc, status, utf8(body), "application/json; charset=UTF-8");
  }

  static FullHttpResponse empty(ByteBufAllocator alloc, int status) {
    return bytes(alloc, status, new byte[0], "application/json; charset=UTF-8");
  }

  static FullHttpResponse error(ByteBufAllocator alloc, GraphFailure failure) {
    String trace = traceId();
    ObjectNode error = JSON.createObjectNode();
    error.put("message", failure.getMessage());
    error.put("type", failure.type);
    error.put("code", failure.code);
    if (failure.subcode != null) {
      error.put("error_subcode", failure.subcode);
    }
    if (failure.isTransient) {
      error.put("is_transient", true);
    }
    if (failure.errorData != null) {
      error.set("error_data", JSON.valueToTree(failure.errorData));
    }
    error.put("fbtrace_id", trace);
    ObjectNode root = JSON.createObjectNode();
    root.set("error", error);
    FullHttpResponse response = json(alloc, failure.status, root);
    response.headers().set("x-fb-trace-id", trace);
    failure.headers.forEach((name, value) -> response.headers().set(name, value));
    return response;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
