package dev.graphupload.emulator.internal;

import dev.graphupload.emulator.ScriptedFault;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/** The queued {@link ScriptedFault}s, one queue per kind of request. Thread safe. */
public final class Script {

  private final Map<ScriptedFault.Request, Deque<ScriptedFault>> queues =
      new EnumMap<>(ScriptedFault.Request.class);

  /** Queues {@code fault} for the next request of {@code kind}, after those already queued. */
  public synchronized void enqueue(ScriptedFault.Request kind, ScriptedFault fault) {
    queues.computeIfAbsent(kind, k -> new ArrayDeque<>()).addLast(fault);
  }

  /** The fault for this request, or null; taken off the queue. */
  synchronized ScriptedFault next(ScriptedFault.Request kind) {
    Deque<ScriptedFault> queue = queues.get(kind);
    return queue == null ? null : queue.pollFirst();
  }

  /** How many faults wait, of every kind. */
  public synchronized int pending() {
    return queues.values().stream().mapToInt(Deque::size).sum();
  }

  /** Forgets every queued fault. */
  public synchronized void clear() {
    queues.clear();
  }
}
