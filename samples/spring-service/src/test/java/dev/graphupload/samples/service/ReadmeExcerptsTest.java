package dev.graphupload.samples.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code java excerpt} block of the project's README is this sample's code, line for line:
 * the README quotes the service, the service's tests prove it.
 */
class ReadmeExcerptsTest {

  private static final Path SAMPLE = Path.of(System.getProperty("basedir", "."));

  @Test
  void everyExcerptOfTheReadmeIsTheSamplesCode() throws IOException {
    List<String> readme =
        Files.readAllLines(SAMPLE.resolve("../../README.md"), StandardCharsets.UTF_8);
    List<List<String>> excerpts = new ArrayList<>();
    for (int i = 0; i < readme.size(); i++) {
      if (readme.get(i).strip().equals("```java excerpt")) {
        List<String> excerpt = new ArrayList<>();
        for (i++; !readme.get(i).strip().equals("```"); i++) {
          if (!readme.get(i).isBlank()) {
            excerpt.add(readme.get(i).strip());
          }
        }
        excerpts.add(excerpt);
      }
    }
    assertThat(excerpts).as("the README's excerpts of the sample").hasSizeGreaterThanOrEqualTo(2);

    List<String> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SAMPLE.resolve("src"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        sources.add(
            Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .collect(Collectors.joining("\n", "\n", "\n")));
      }
    }
    for (List<String> excerpt : excerpts) {
      String lines = String.join("\n", excerpt);
      assertThat(sources)
          .as("the sample's code holds the README's excerpt:%n%s", lines)
          .anyMatch(source -> source.contains("\n" + lines + "\n"));
    }
  }
}
