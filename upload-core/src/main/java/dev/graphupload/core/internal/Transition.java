package dev.graphupload.core.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link UploadMachine}'s answer to one event: the upload's next progress, what to tell, and
 * the one step to perform.
 *
 * @param progress the upload's progress from now on
 * @param notices what to tell the listeners, in order, before the step
 * @param step what to do next
 */
record Transition(Progress progress, List<Notice> notices, Step step) {

  /** Keeps a copy of the notices. */
  Transition {
    notices = List.copyOf(notices);
  }

  /** A transition that tells nothing. */
  static Transition to(Progress progress, Step step) {
    return new Transition(progress, List.of(), step);
  }

  /** This transition with {@code notice} told first. */
  Transition after(Notice notice) {
    List<Notice> all = new ArrayList<>();
    all.add(notice);
    all.addAll(notices);
    return new Transition(progress, all, step);
  }
}
