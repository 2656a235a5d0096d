package dev.graphupload.core.internal;

import dev.graphupload.core.UploadListener;
import dev.graphupload.core.UploadResult;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the {@link UploadRun} tells its listeners and its log what the machine wants told. */
final class Tell {

  private static final Logger LOG = LoggerFactory.getLogger(UploadRun.class);

  private final UploadListener listener;
  private final String file;
  private final AtomicLong position = new AtomicLong();
  private final AtomicBoolean positionPosted = new AtomicBoolean();
  private final AtomicLong unreportedWrites = new AtomicLong();

  Tell(UploadListener listener, String file) {
    this.listener = listener;
    this.file = file;
  }

  void notice(Notice notice) {
    if (notice instanceof Notice.SessionCreated created) {
      LOG.info("Created upload session {} for {}", created.session(), file);
      listener.sessionCreated(created.session());
    } else if (notice instanceof Notice.Resumed resumed) {
      LOG.info("Resuming {} at byte {}", file, resumed.from());
      listener.resumed(resumed.session(), resumed.from());
    } else if (notice instanceof Notice.Restarted restarted) {
      LOG.info("{}: {}", file, restarted.message());
      listener.sessionRestarted(restarted.reason(), restarted.message());
    } else if (notice instanceof Notice.ContentMatched matched) {
      LOG.info("{}: the bytes sent match the file ({} bytes compared)", file, matched.covered());
    } else if (notice instanceof Notice.Reused) {
      LOG.info("{} was uploaded before; reusing its handle", file);
    } else if (notice instanceof Notice.Confirmed confirmed) {
      listener.bytesConfirmed(confirmed.offset(), confirmed.length());
    } else if (notice instanceof Notice.Retrying retrying) {
      LOG.info(
          "Retrying {} in {} ms (failure {} in a row): {}",
          file,
          retrying.delay().toMillis(),
          retrying.attempt(),
          retrying.failure().getMessage());
      listener.retrying(retrying.failure(), retrying.delay(), retrying.attempt());
    } else if (notice instanceof Notice.HandleUnverified unverified) {
      LOG.warn(
          "The server returned a handle for {} but refused to say whether it holds every byte ({});"
              + " the handle is accepted unchecked",
          file,
          unverified.why());
      listener.handleUnverified(unverified.handle(), unverified.why());
    }
  }

  /** A send starts (logged at DEBUG: the bytes, never the request's headers). */
  void sending(Step.Send send, long length) {
    LOG.debug(
        "Sending bytes {}..{} of {} to {}",
        send.from(),
        send.from().value() + send.bytes(),
        length,
        send.session());
  }

  /** Transport threads report bytes written; the listener hears the latest, on the run's queue. */
  void bytesSent(RunQueue queue, BooleanSupplier live, long at, long wrote, long length) {
    position.set(at);
    unreportedWrites.addAndGet(wrote);
    if (positionPosted.compareAndSet(false, true)) {
      queue.post(
          () -> {
            positionPosted.set(false);
            if (live.getAsBoolean()) {
              listener.bytesSent(position.get(), length);
              long count = unreportedWrites.getAndSet(0);
              if (count > 0) {
                listener.bytesWritten(count);
              }
            }
          });
    }
  }

  void completed(UploadResult result) {
    if (result.outcome() != UploadResult.Outcome.ALREADY_UPLOADED) {
      LOG.info("Uploaded {} ({} bytes) as {}", file, result.fileLength(), result.handle());
    }
    listener.completed(result);
  }
}
