package dev.graphupload.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which signal stopped the command, so that its result lines give the exit code the process ends
 * with: 130 after SIGINT (Ctrl-C), 143 after SIGTERM.
 *
 * <p>The JVM ends the process with 128 + the signal's number and runs the shutdown hooks, but does
 * not tell a hook which signal it was. A handler that notes the signal and then hands it on to the
 * JVM's own handler keeps that behaviour and tells the hook. The handler is {@code
 * sun.misc.Signal}'s (module {@code jdk.unsupported}, in every JDK), reached by reflection because
 * the compiler flags every direct use of it; where it is missing or the JVM lets no handler in
 * ({@code -Xrs}), nothing is noted and 130 is reported for both.
 */
final class Signals {

  static final int SIGTERM_EXIT = 143;

  private static volatile int exitCode = ExitCode.INTERRUPTED;

  private Signals() {}

  /**
   * Notes SIGINT and SIGTERM from now on. Called again after something else took the signals over
   * (the progress bar's terminal library installs its own SIGINT handler when it opens the
   * terminal, and that one neither runs the shutdown hooks nor ends with 130): the note is put back
   * on top, still handing the signal to the JVM's own handler.
   */
  static synchronized void watch() {
    note("INT", ExitCode.INTERRUPTED);
    note("TERM", SIGTERM_EXIT);
  }

  /**
   * The exit code of an interrupted run.
   *
   * @return 143 if SIGTERM stopped the command, else 130
   */
  static int interruptedExitCode() {
    return exitCode;
  }

  /** The JVM's own handler of each signal, as found before the first note. */
  private static final Map<String, Object> JVMS =
      new ConcurrentHashMap<>(); // read on the signal thread

  private static void note(String name, int code) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Method handle = signalType.getMethod("handle", signalType, handlerType);
      Method handleOne = handlerType.getMethod("handle", signalType);
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      Object noting =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) -> {
                Object jvm = JVMS.get(name);
                if (!method.getName().equals("handle")) {
                  return method.invoke(jvm, args); // toString and the like
                }
                exitCode = code;
                handleOne.invoke(jvm, args);
                return null;
              });
      Object previous = handle.invoke(null, signal, noting);
      JVMS.putIfAbsent(name, previous);
      Object jvm = JVMS.get(name);
      if (jvm == handlerType.getField("SIG_DFL").get(null)
          || jvm == handlerType.getField("SIG_IGN").get(null)) {
        handle.invoke(null, signal, jvm); // no handler of the JVM's to hand it on to
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no sun.misc.Signal, or the signal is reserved (-Xrs): 130 is reported for both signals
    }
  }
}
