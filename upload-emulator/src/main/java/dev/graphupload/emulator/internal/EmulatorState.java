package dev.graphupload.emulator.internal;

import dev.graphupload.emulator.FaultSettings;
import java.io.IOException;
import java.util.concurrent.ExecutorService;

/** What every connection of one emulator shares. */
final class EmulatorState {

  final EmulatorConfig config;
  final SessionRepository repository;
  final Faults faults;
  final Tokens tokens;
  final Bandwidth bandwidth = new Bandwidth();
  final Script script = new Script();
  final ReceivedBytes received = new ReceivedBytes();

  /** Runs the blocking work (hashing a finished file) off the event loops. */
  final ExecutorService blocking;

  EmulatorState(
      EmulatorConfig config,
      SessionRepository repository,
      Faults faults,
      Tokens tokens,
      ExecutorService blocking) {
    this.config = config;
    this.repository = repository;
    this.faults = faults;
    this.tokens = tokens;
    this.blocking = blocking;
  }

  void reset(FaultSettings initialFaults) throws IOException {
    repository.reset();
    tokens.reset();
    faults.set(initialFaults);
    script.clear();
  }
}
