package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Figures the README quotes are the ones docs/BENCHMARKS.md holds (written by benchmarks/run.sh):
 * copying a figure by hand and then re-running the benchmark fails this test until the README
 * follows.
 */
class DocFiguresTest {

  private static List<String> lines(String relative) throws IOException {
    return Files.readAllLines(
        Path.of(System.getProperty("basedir", "."), "..", relative), StandardCharsets.UTF_8);
  }

  /** The cells of the table rows of {@code lines} from {@code heading} to the next heading. */
  private static List<List<String>> rowsUnder(List<String> lines, String heading) {
    int start = lines.indexOf(heading);
    assertThat(start).as("the section '%s'", heading).isNotNegative();
    return lines.subList(start + 1, lines.size()).stream()
        .takeWhile(l -> !l.startsWith("## "))
        .filter(l -> l.startsWith("| ") && !l.startsWith("|---"))
        .map(l -> List.of(l.substring(1, l.length() - 1).split("\\|")))
        .map(cells -> cells.stream().map(String::strip).toList())
        .toList();
  }

  @Test
  void theReadmesWorkersTableIsTheBenchmarksOne() throws IOException {
    Map<String, List<String>> benchmarks = new LinkedHashMap<>();
    for (List<String> row :
        rowsUnder(lines("docs/BENCHMARKS.md"), "## Several workers over one batch")) {
      benchmarks.put(row.get(0), List.of(row.get(1), row.get(2)));
    }
    Map<String, String> readmeLabels =
        Map.of(
            "1", "1 worker",
            "3", "3 workers",
            "3, one SIGKILLed at 25 %", "3 workers, one killed at 25 %");
    List<String> readme = lines("README.md");
    int table =
        readme.indexOf(
            "| workers | wall time | × one worker | bytes on the wire / batch | every survivor exit 0 with 24 handles |");
    assertThat(table).as("the README's workers table").isNotNegative();
    int checked = 0;
    for (String line : readme.subList(table + 2, readme.size())) {
      if (!line.startsWith("| ")) {
        break;
      }
      List<String> cells =
          List.of(line.substring(1, line.length() - 1).split("\\|")).stream()
              .map(String::strip)
              .toList();
      String label = readmeLabels.get(cells.get(0));
      assertThat(benchmarks).as("BENCHMARKS.md has the row '%s'", label).containsKey(label);
      assertThat(List.of(cells.get(1).replace(" s", ""), cells.get(2)))
          .as("README row '%s' (wall time, ratio)", cells.get(0))
          .isEqualTo(benchmarks.get(label));
      checked++;
    }
    assertThat(checked).isEqualTo(3);
    assertThat(lines("docs/BENCHMARKS.md"))
        .as("the README says the workers ran with --lease 5s: so does the benchmark")
        .anyMatch(l -> l.contains("`--lease 5s`"));
  }

  @Test
  void theReadmesTransportTableIsTheBenchmarksOne() throws IOException {
    List<List<String>> benchmarks =
        rowsUnder(lines("docs/BENCHMARKS.md"), "## Which transport: the README's table");
    List<String> readme = lines("README.md");
    int table = readme.indexOf("| | JDK transport | Netty transport |");
    assertThat(table).as("the README's transport table").isNotNegative();
    List<List<String>> rows =
        readme.subList(table + 2, readme.size()).stream()
            .takeWhile(l -> l.startsWith("| "))
            .map(l -> List.of(l.substring(1, l.length() - 1).split("\\|")))
            .map(cells -> cells.stream().map(String::strip).toList())
            .toList();

    assertThat(rows).as("README rows, without the dependencies row").hasSizeGreaterThan(5);
    // the first row there is the header; the README adds a last row of dependencies
    assertThat(rows.subList(0, rows.size() - 1))
        .isEqualTo(benchmarks.subList(1, benchmarks.size()));
  }
}
