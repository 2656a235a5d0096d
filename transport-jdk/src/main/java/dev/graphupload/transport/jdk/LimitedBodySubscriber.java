package dev.graphupload.transport.jdk;

import dev.graphupload.core.FailureKind;
import dev.graphupload.core.TransportException;
import dev.graphupload.core.transport.IdleWatch;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a response body of at most {@code limit} bytes; a longer one fails the exchange. */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

  private final int limit;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final IdleWatch watch;
  private Flow.Subscription subscription;

  LimitedBodySubscriber(int limit, IdleWatch watch) {
    this.limit = limit;
    this.watch = watch;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    this.subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    watch.activity();
    for (ByteBuffer item : items) {
      if (body.size() + item.remaining() > limit) {
        subscription.cancel();
        result.completeExceptionally(
            new TransportException(
                "The server's reply is longer than " + limit + " bytes; a Graph reply never is",
                FailureKind.FATAL,
                null));
        return;
      }
      byte[] bytes = new byte[item.remaining()];
      item.get(bytes);
      body.write(bytes, 0, bytes.length);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(body.toByteArray());
  }
}
