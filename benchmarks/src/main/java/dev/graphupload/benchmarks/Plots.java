package dev.graphupload.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the size sweep: throughput against file size per contender, and peak RSS against file size.
 * Reads the medians CSV ({@code contender,sizeMiB,mibPerSecond,rssMiB}); writes two PNGs.
 *
 * <pre>java -cp … dev.graphupload.benchmarks.Plots MEDIANS.csv OUT_DIR</pre>
 */
public final class Plots {

  private Plots() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      String[] f = line.split(",");
      if (f.length < 4 || f[0].equals("contender")) {
        continue;
      }
      series
          .computeIfAbsent(f[0], k -> new ArrayList<>())
          .add(
              new double[] {
                Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])
              });
    }
    Path out = Path.of(args[1]);
    draw(
        series,
        1,
        "Throughput against file size (loopback, emulator sink)",
        "MiB/s",
        out.resolve("benchmarks-throughput.png"));
    draw(
        series,
        2,
        "Peak RSS of the uploading process against file size",
        "peak RSS (MiB)",
        out.resolve("benchmarks-memory.png"));
  }

  private static void draw(
      Map<String, List<double[]>> series, int column, String title, String yAxis, Path file)
      throws Exception {
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(560)
            .title(title)
            .xAxisTitle("file size (MiB, log scale)")
            .yAxisTitle(yAxis)
            .build();
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
    for (var entry : series.entrySet()) {
      double[] x = entry.getValue().stream().mapToDouble(p -> p[0]).toArray();
      double[] y = entry.getValue().stream().mapToDouble(p -> p[column]).toArray();
      chart.addSeries(entry.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
