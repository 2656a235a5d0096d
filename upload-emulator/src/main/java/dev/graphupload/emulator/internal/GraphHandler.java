package dev.graphupload.emulator.internal;

import dev.graphupload.emulator.ScriptedFault;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Graph side of one connection: routes each request to its exchange, feeds it the body, and
 * sends its reply (after any injected latency, keeping the connection alive when the client asks).
 */
final class GraphHandler extends SimpleChannelInboundHandler<HttpObject> {

  private static final Logger LOG = LoggerFactory.getLogger(GraphHandler.class);
  private static final Pattern VERSION = Pattern.compile("v[0-9]{1,3}\\.[0-9]{1,3}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");

  /** Ignores what a client sends after it was refused. */
  private static final Exchange DISCARD =
      new Exchange() {
        @Override
        public void content(ChannelHandlerContext ctx, HttpContent content) {}

        @Override
        public void end(ChannelHandlerContext ctx) {}
      };

  private final EmulatorState state;
  private final AdminApi admin;
  private Exchange exchange;
  private boolean keepAlive;

  GraphHandler(EmulatorState state, AdminApi admin) {
    this.state = state;
    this.admin = admin;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws IOException {
    if (msg instanceof HttpRequest request) {
      if (!request.decoderResult().isSuccess()) {
        exchange = null;
        keepAlive = false;
        reply(
            ctx,
            Replies.error(
                ctx.alloc(),
                GraphFailure.malformed(String.valueOf(request.decoderResult().cause()))));
        return;
      }
      keepAlive = HttpUtil.isKeepAlive(request);
      boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
      try {
        exchange = route(ctx, request);
        if (expectsContinue) {
          ctx.writeAndFlush(
              new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
      } catch (GraphFailure failure) {
        if (expectsContinue) {
          // refused before the body: answer now, never ask for (or read) what it announced
          keepAlive = false;
          exchange = DISCARD;
          reply(ctx, Replies.error(ctx.alloc(), failure));
          return;
        }
        exchange = new Replying(failure);
      }
    }
    if (msg instanceof HttpContent content && exchange != null) {
      exchange.content(ctx, content);
      if (msg instanceof LastHttpContent) {
        Exchange done = exchange;
        exchange = null;
        done.end(ctx);
      }
    }
  }

  private Exchange route(ChannelHandlerContext ctx, HttpRequest request) throws IOException {
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    // decoded as any HTTP server decodes a path: some clients send upload%3A<id>
    String path = query.path();
    if (path.startsWith("/_emulator/")) {
      return admin.exchange(request, query, this::reply);
    }
    // Graph takes a trailing slash on an edge ("/app/uploads/"), as Meta's own guide writes it
    String trimmed =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String[] segments = trimmed.split("/", -1);
    if (segments.length < 3 || !segments[0].isEmpty() || !VERSION.matcher(segments[1]).matches()) {
      throw GraphFailure.unknownPath(path);
    }
    if (segments.length == 4 && segments[3].equals("uploads")) {
      if (!request.method().equals(HttpMethod.POST)) {
        throw GraphFailure.invalidParameter(
            "Unsupported " + request.method() + " request on " + path);
      }
      String token = token(request, query, true);
      if (token != null || !isForm(request)) {
        state.tokens.check(token); // before the body: a refused request never reads it
      }
      Exchange scripted = scripted(state.script.next(ScriptedFault.Request.CREATE), null);
      return scripted != null
          ? scripted
          : new CreateExchange(state, segments[2], query, token, isJson(request), this::reply);
    }
    if (segments.length == 3 && segments[2].startsWith("upload:")) {
      boolean post = request.method().equals(HttpMethod.POST);
      if (!post && !request.method().equals(HttpMethod.GET)) {
        throw GraphFailure.invalidParameter(
            "Unsupported " + request.method() + " request on an upload session");
      }
      state.tokens.check(token(request, query, !post));
      StoredSession session =
          state.repository.find(segments[2].substring("upload:".length()), first(query, "sig"));
      ScriptedFault fault =
          state.script.next(post ? ScriptedFault.Request.SEND : ScriptedFault.Request.QUERY);
      Exchange scripted = scripted(fault, post ? session : null);
      if (scripted != null) {
        return scripted;
      }
      faultError();
      if (!post) {
        if (session.isExpired(state.config.clock().instant())) {
          throw GraphFailure.sessionExpired(session.id);
        }
        long offset;
        synchronized (session) {
          offset = session.offset;
        }
        return new Replying(Map.of("id", session.id, "file_offset", offset));
      }
      Faults.SendPlan plan = null;
      if (fault instanceof ScriptedFault.CutAfter cut) {
        plan = new Faults.SendPlan(cut.bytes(), false);
      } else if (fault instanceof ScriptedFault.LoseReply) {
        plan = new Faults.SendPlan(Long.MAX_VALUE, true);
      }
      return new SendExchange(
          state,
          session,
          ctx.channel(),
          fileOffset(request),
          declaredLength(request),
          plan,
          this::reply);
    }
    throw GraphFailure.unknownPath(path);
  }

  /**
   * What a scripted fault answers in place of the request, or null to serve it (perhaps with a
   * scripted cut or lost reply). A mismatch needs the session it refuses.
   */
  private Exchange scripted(ScriptedFault fault, StoredSession session) {
    if (fault instanceof ScriptedFault.Error e) {
      throw GraphFailure.scripted(e.status(), e.code(), e.subcode(), e.message());
    }
    if (fault instanceof ScriptedFault.Mismatch && session != null) {
      long server;
      synchronized (session) {
        server = session.offset;
      }
      throw GraphFailure.offsetMismatch(
          server + 1, server, session.length, state.config.profile().mismatch());
    }
    if (fault instanceof ScriptedFault.Reply r) {
      return new Exchange() {
        @Override
        public void content(ChannelHandlerContext ctx, HttpContent content) {}

        @Override
        public void end(ChannelHandlerContext ctx) {
          reply(ctx, Replies.raw(ctx.alloc(), r.status(), r.body()));
        }
      };
    }
    if (fault instanceof ScriptedFault.Stall) {
      return DISCARD; // never answers: the client's own timeout ends it
    }
    return null;
  }

  private static boolean isJson(HttpRequest request) {
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  private static boolean isForm(HttpRequest request) {
    String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    return type != null
        && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
  }

  private void faultError() {
    GraphFailure injected = state.faults.errorFor();
    if (injected != null) {
      throw injected;
    }
  }

  private static String token(HttpRequest request, QueryStringDecoder query, boolean queryAllowed) {
    String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (header != null) {
      int space = header.indexOf(' ');
      String scheme = space < 0 ? header : header.substring(0, space);
      if (!scheme.equalsIgnoreCase("OAuth") && !scheme.equalsIgnoreCase("Bearer")) {
        throw GraphFailure.invalidToken("Unsupported authorization scheme; use OAuth or Bearer");
      }
      return header.substring(space + 1).trim();
    }
    String fromQuery = first(query, "access_token");
    if (fromQuery != null && !queryAllowed) {
      throw GraphFailure.invalidToken("Send the access token in the Authorization header");
    }
    return fromQuery;
  }

  private static String first(QueryStringDecoder query, String name) {
    List<String> values = query.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static long fileOffset(HttpRequest request) {
    String value = request.headers().get("file_offset");
    if (value == null) {
      throw GraphFailure.invalidParameter("The file_offset header is required");
    }
    if (!DIGITS.matcher(value.trim()).matches()) {
      throw GraphFailure.invalidParameter(
          "file_offset must be a non-negative integer; got '" + abbreviate(value) + "'");
    }
    return Long.parseLong(value.trim());
  }

  private static long declaredLength(HttpRequest request) {
    String value = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    if (value == null) {
      return HttpUtil.isTransferEncodingChunked(request) ? -1 : 0;
    }
    if (!DIGITS.matcher(value.trim()).matches()) {
      throw GraphFailure.malformed("Content-Length is not a number");
    }
    return Long.parseLong(value.trim());
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }

  /** Sends a reply after the configured latency, then closes the connection unless kept alive. */
  void reply(ChannelHandlerContext ctx, FullHttpResponse response) {
    boolean alive = keepAlive;
    response
        .headers()
        .set(
            HttpHeaderNames.CONNECTION,
            alive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    Runnable send =
        () -> {
          if (!ctx.channel().isActive()) {
            response.release();
            return;
          }
          var written = ctx.writeAndFlush(response);
          if (!alive) {
            written.addListener(ChannelFutureListener.CLOSE);
          }
        };
    long latency = state.faults.latencyMillis();
    if (latency > 0) {
      ctx.executor().schedule(send, latency, TimeUnit.MILLISECONDS);
    } else {
      send.run();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent) {
      LOG.debug("Closing an idle connection from {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (exchange != null) {
      exchange.abort();
      exchange = null;
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Closing a connection after an error: {}", cause.toString());
    if (exchange != null) {
      exchange.abort();
      exchange = null;
    }
    ctx.close();
  }

  /** Discards the body, then sends a reply decided up front (a JSON body or a Graph error). */
  private final class Replying implements Exchange {
    private final Object body;

    Replying(Object body) {
      this.body = body;
    }

    @Override
    public void content(ChannelHandlerContext ctx, HttpContent content) {}

    @Override
    public void end(ChannelHandlerContext ctx) {
      if (body instanceof GraphFailure failure) {
        reply(ctx, Replies.error(ctx.alloc(), failure));
      } else {
        reply(ctx, Replies.json(ctx.alloc(), 200, body));
      }
    }
  }
}
