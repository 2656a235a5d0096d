package dev.graphupload.core.internal;

import dev.graphupload.core.SessionId;
import dev.graphupload.core.transport.BodyProgress;
import dev.graphupload.core.transport.TransportRequest;
import dev.graphupload.core.transport.TransportResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The three calls of a {@link Step.Call} on the wire: the request each makes and how its reply is
 * read. Used by the {@link UploadRun} and, for the offset, by {@code GraphUploader.serverOffset}.
 */
public final class Calls {

  private Calls() {}

  /** The request of {@code call}; a send reads its bytes from {@code bytes}. */
  static TransportRequest request(
      UploadContext ctx, Step.Call call, Rules rules, OpenSource bytes) {
    if (call instanceof Step.Create) {
      return ctx.wire().createSession(ctx.appId(), rules.subject());
    } else if (call instanceof Step.Send send) {
      return ctx.wire()
          .sendBytes(send.session(), send.from(), bytes.body(send.from(), send.bytes()));
    }
    return ctx.wire().queryOffset(((Step.AskOffset) call).session());
  }

  /**
   * The reply to {@code call}, read from {@code response}.
   *
   * @throws dev.graphupload.core.ProtocolException for a reply that breaks the protocol beyond
   *     retrying (an offset past the end of the file, say)
   */
  static Reply read(UploadContext ctx, Step.Call call, TransportResponse response, long length) {
    if (call instanceof Step.Create) {
      return ctx.wire().readCreated(response);
    } else if (call instanceof Step.Send) {
      return ctx.wire().readSent(response, length);
    }
    return ctx.wire().readOffset(response, length);
  }

  /**
   * Asks the server how far {@code session} got, outside any upload: the same request and reading
   * as the engine's {@link Step.AskOffset}, for a file of unknown length.
   *
   * @param ctx the uploader's configuration
   * @param session the session
   * @return the reply: {@link Reply.Offset}, {@link Reply.SessionGone} or {@link Reply.Failed}
   */
  public static CompletableFuture<Reply> askOffset(UploadContext ctx, SessionId session) {
    Step.AskOffset ask = new Step.AskOffset(session, new Step.Purpose.Resync(true));
    CompletableFuture<TransportResponse> exchange;
    try {
      exchange = ctx.transport().execute(ctx.wire().queryOffset(session), BodyProgress.NONE);
    } catch (RuntimeException e) {
      exchange = CompletableFuture.failedFuture(e);
    }
    return exchange.handle(
        (response, error) ->
            error != null
                ? new Reply.Failed(Failures.toUploadException(error))
                : read(ctx, ask, response, Long.MAX_VALUE));
  }
}
