package dev.graphupload.emulator.internal;

import dev.graphupload.emulator.FaultSettings;
import java.util.Random;

/**
 * The fault settings in force and the seeded dice that apply them. Changing the settings reseeds
 * the dice, so a run with the same settings and the same requests injects the same faults.
 */
public final class Faults {

  /** What to do to one send. */
  record SendPlan(long cutAfter, boolean loseReply) {}

  private FaultSettings settings;
  private Random dice;

  Faults(FaultSettings settings) {
    set(settings);
  }

  public synchronized FaultSettings settings() {
    return settings;
  }

  public synchronized void set(FaultSettings newSettings) {
    this.settings = newSettings;
    this.dice = new Random(newSettings.seed());
  }

  /** A transient or throttling error for this request, or null. */
  synchronized GraphFailure errorFor() {
    if (settings.errorProbability() > 0 && dice.nextDouble() < settings.errorProbability()) {
      return dice.nextBoolean()
          ? GraphFailure.transientError(1, 500)
          : GraphFailure.transientError(2, 503);
    }
    if (settings.throttleProbability() > 0 && dice.nextDouble() < settings.throttleProbability()) {
      int[] codes = {4, 17, 613};
      return GraphFailure.throttled(
          codes[dice.nextInt(codes.length)], settings.throttleRetryAfterSeconds());
    }
    return null;
  }

  /**
   * Where to cut a send of {@code bodyLength} bytes (Long.MAX_VALUE: nowhere), and whether to lose
   * its reply.
   */
  synchronized SendPlan planSend(long bodyLength) {
    long cut = Long.MAX_VALUE;
    if (settings.cutAfterBytes().isPresent()) {
      cut = settings.cutAfterBytes().getAsLong();
    }
    if (settings.cutProbability() > 0
        && dice.nextDouble() < settings.cutProbability()
        && bodyLength > 0) {
      cut = Math.min(cut, (long) (dice.nextDouble() * bodyLength));
    }
    boolean lose =
        settings.loseReplyProbability() > 0 && dice.nextDouble() < settings.loseReplyProbability();
    return new SendPlan(cut, lose);
  }

  synchronized long latencyMillis() {
    return settings.latencyMillis();
  }

  synchronized long bandwidth() {
    return settings.bandwidthBytesPerSecond();
  }
}
