package dev.graphupload.benchmarks;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks with short settings and prints a Markdown table. */
public final class MicroMain {

  private MicroMain() {}

  public static void main(String[] args) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(Micro.class.getName())
            .include(Streaming.class.getName())
            .forks(1)
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgs("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    System.out.println("| benchmark | score | error (99.9 %) | unit |");
    System.out.println("|---|---|---|---|");
    for (RunResult r : results) {
      var p = r.getPrimaryResult();
      String name = r.getParams().getBenchmark().replaceAll(".*\\.benchmarks\\.", "");
      String param =
          r.getParams().getParamsKeys().isEmpty()
              ? ""
              : " [" + r.getParams().getParam("transportName") + "]";
      System.out.printf(
          Locale.ROOT,
          "| %s%s | %.1f | ±%.1f | %s |%n",
          name,
          param,
          p.getScore(),
          p.getScoreError(),
          p.getScoreUnit());
    }
  }
}
