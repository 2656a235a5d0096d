package dev.graphupload.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of the published library modules — every public type outside an {@code internal}
 * package, and its public and protected members — against the signatures recorded in {@code
 * api/graph-upload.api}. Any difference fails, with the lines added and removed: an API change is
 * made on purpose, by recording it ({@code -Dapi.record=true}) and, when it breaks callers (a
 * removed or changed line), listing it in CHANGELOG.md.
 */
class PublicApiTest {

  /** The published library modules (the command's jar is an application: its API is its CLI). */
  private static final List<String> MODULES =
      List.of(
          "upload-core",
          "upload-emulator",
          "upload-testkit",
          "transport-jdk",
          "transport-netty",
          "storage-file",
          "storage-redis",
          "upload-guice",
          "upload-micrometer",
          "upload-spring-boot-starter");

  private static final Path RECORDED =
      Path.of(System.getProperty("basedir", "."), "..", "api", "graph-upload.api").normalize();

  @Test
  void thePublicApiIsTheRecordedOne() throws Exception {
    List<String> current = signatures();
    assertThat(current).as("signatures found").hasSizeGreaterThan(500);
    if (Boolean.getBoolean("api.record")) {
      Files.createDirectories(RECORDED.getParent());
      Files.write(RECORDED, current, StandardCharsets.UTF_8);
      return;
    }
    List<String> recorded = Files.readAllLines(RECORDED, StandardCharsets.UTF_8);
    Set<String> added = qualified(current);
    added.removeAll(qualified(recorded));
    Set<String> removed = qualified(recorded);
    removed.removeAll(qualified(current));
    assertThat(added.isEmpty() && removed.isEmpty())
        .as(
            "The public API differs from %s.%nRemoved or changed (breaks callers: list it in"
                + " CHANGELOG.md):%n  %s%nAdded:%n  %s%nIf this is intended, record it: ./mvnw -B"
                + " verify -pl api-check -am -Dtest=PublicApiTest"
                + " -Dsurefire.failIfNoSpecifiedTests=false -Dapi.record=true",
            RECORDED, String.join("\n  ", removed), String.join("\n  ", added))
        .isTrue();
  }

  /** Each member's line prefixed with its type's, so that equal members of two types differ. */
  static Set<String> qualified(List<String> lines) {
    Set<String> all = new TreeSet<>();
    String type = "";
    for (String line : lines) {
      if (line.startsWith("  ")) {
        all.add(type + " :: " + line.strip());
      } else {
        type = line;
        all.add(line);
      }
    }
    return all;
  }

  /** Every signature, sorted: a type's line, then its members' lines, indented. */
  static List<String> signatures() throws IOException, ClassNotFoundException {
    ClassLoader loader = PublicApiTest.class.getClassLoader();
    TreeSet<String> names = new TreeSet<>();
    for (String entry : classPath()) {
      if (MODULES.stream().anyMatch(m -> belongsTo(entry, m))) {
        names.addAll(classNames(Path.of(entry)));
      }
    }
    List<String> lines = new ArrayList<>();
    for (String name : names) {
      Class<?> type = Class.forName(name, false, loader);
      if (!isApi(type)) {
        continue;
      }
      lines.add(describe(type));
      TreeSet<String> members = new TreeSet<>();
      boolean extensible = !Modifier.isFinal(type.getModifiers()) && !type.isEnum();
      for (Member member : members(type)) {
        int modifiers = member.getModifiers();
        boolean visible =
            Modifier.isPublic(modifiers) || (extensible && Modifier.isProtected(modifiers));
        boolean synthetic =
            member instanceof Method m ? m.isSynthetic() || m.isBridge() : member.isSynthetic();
        if (visible && !synthetic) {
          members.add("  " + signature(member));
        }
      }
      lines.addAll(members);
    }
    return lines;
  }

  private static List<Member> members(Class<?> type) {
    List<Member> all = new ArrayList<>();
    all.addAll(Arrays.asList(type.getDeclaredConstructors()));
    all.addAll(Arrays.asList(type.getDeclaredMethods()));
    all.addAll(Arrays.asList(type.getDeclaredFields()));
    return all;
  }

  private static String signature(Member member) {
    String text =
        member instanceof Method m
            ? m.toGenericString()
            : member instanceof Constructor<?> c
                ? c.toGenericString()
                : ((Field) member).toGenericString();
    return text.replace(member.getDeclaringClass().getName() + ".", "");
  }

  private static String describe(Class<?> type) {
    StringBuilder line = new StringBuilder(type.toGenericString());
    if (type.getGenericSuperclass() != null
        && type.getSuperclass() != Object.class
        && !type.isEnum()
        && !type.isRecord()) {
      line.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    if (type.getGenericInterfaces().length > 0) {
      line.append(type.isInterface() ? " extends " : " implements ")
          .append(
              Arrays.stream(type.getGenericInterfaces())
                  .map(java.lang.reflect.Type::getTypeName)
                  .collect(Collectors.joining(", ")));
    }
    if (type.isSealed()) {
      line.append(" permits ")
          .append(
              Arrays.stream(type.getPermittedSubclasses())
                  .map(Class::getName)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  /** Public, outside an internal package, and reachable: every enclosing type public too. */
  private static boolean isApi(Class<?> type) {
    if (type.getPackageName().contains(".internal")
        || type.isSynthetic()
        || type.isAnonymousClass()
        || type.isLocalClass()) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      boolean open =
          Modifier.isPublic(c.getModifiers())
              || (c != type || c.getEnclosingClass() != null)
                  && Modifier.isProtected(c.getModifiers());
      if (!open) {
        return false;
      }
    }
    return true;
  }

  private static boolean belongsTo(String entry, String module) {
    String path = entry.replace(File.separatorChar, '/');
    return path.contains("/" + module + "/target/")
        || path.contains("/dev/graphupload/" + module + "/");
  }

  private static List<String> classPath() {
    String path =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.asList(path.split(File.pathSeparator));
  }

  private static Set<String> classNames(Path entry) throws IOException {
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(entry)) {
      try (Stream<Path> files = Files.walk(entry)) {
        files
            .map(entry::relativize)
            .map(p -> p.toString().replace(File.separatorChar, '/'))
            .filter(PublicApiTest::isClass)
            .forEach(p -> names.add(toName(p)));
      }
    } else if (entry.toString().endsWith(".jar") && Files.isRegularFile(entry)) {
      try (JarFile jar = new JarFile(entry.toFile())) {
        jar.stream()
            .map(e -> e.getName())
            .filter(PublicApiTest::isClass)
            .forEach(p -> names.add(toName(p)));
      }
    }
    return names;
  }

  private static boolean isClass(String path) {
    return path.startsWith("dev/graphupload/")
        && path.endsWith(".class")
        && !path.endsWith("package-info.class")
        && !path.endsWith("module-info.class");
  }

  private static String toName(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }
}
