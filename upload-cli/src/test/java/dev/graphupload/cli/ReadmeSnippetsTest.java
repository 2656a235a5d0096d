package dev.graphupload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of the README compiles as written, with the imports it shows, against the
 * project's own jars: a renamed class or method breaks this test, not a reader's first try.
 */
class ReadmeSnippetsTest {

  @TempDir Path out;

  /** A snippet of the README: its imports, its code, and where it starts. */
  private record Snippet(int line, List<String> imports, String body) {}

  private static List<Snippet> snippets() throws IOException {
    Path readme = Path.of(System.getProperty("basedir", "."), "..", "README.md");
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    List<Snippet> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) {
        continue;
      }
      int start = i + 1;
      List<String> imports = new ArrayList<>();
      StringBuilder body = new StringBuilder();
      for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        String line = lines.get(i);
        if (line.startsWith("import ")) {
          imports.add(line);
        } else {
          body.append(line).append('\n');
        }
      }
      found.add(new Snippet(start, imports, body.toString()));
    }
    return found;
  }

  @Test
  void everyJavaSnippetOfTheReadmeCompilesWithTheImportsItShows() throws IOException {
    List<Snippet> snippets = snippets();
    assertThat(snippets).as("the README's Java snippets").hasSizeGreaterThanOrEqualTo(6);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    List<String> failures = new ArrayList<>();
    for (Snippet snippet : snippets) {
      String name = "ReadmeSnippetAtLine" + snippet.line();
      boolean members = snippet.body().contains("@Test") || snippet.body().contains("static final");
      String source =
          String.join("\n", snippet.imports())
              + "\npublic class "
              + name
              + " {\n"
              + (members
                  ? snippet.body()
                  : "void run() throws Exception {\n" + snippet.body() + "}\n")
              + "}\n";
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      try (StandardJavaFileManager files =
          compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
        JavaFileObject unit =
            new SimpleJavaFileObject(
                URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
              @Override
              public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
              }
            };
        boolean compiled =
            compiler
                .getTask(
                    null,
                    files,
                    diagnostics,
                    List.of(
                        "-classpath",
                        System.getProperty("java.class.path"),
                        "-d",
                        out.toString(),
                        "-proc:none"),
                    null,
                    List.of(unit))
                .call();
        if (!compiled) {
          diagnostics
              .getDiagnostics()
              .forEach(
                  d ->
                      failures.add(
                          "README snippet at line "
                              + snippet.line()
                              + ": "
                              + d.getMessage(Locale.ROOT)));
        }
      }
    }
    assertThat(failures).as("compile errors in the README's snippets").isEmpty();
  }
}
