package dev.graphupload.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.storage.file.FileSessionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;

/**
 * The README's yaml, as a Spring developer copies it: it starts a context as written, and every
 * value it shows commented out is the property's default.
 */
class ReadmeYamlTest {

  private static final String TOKEN = "EAAG-README-YAML-TOKEN-0123456789";

  @TempDir Path home;

  private static String readmeYaml() throws IOException {
    List<String> lines =
        Files.readAllLines(
            Path.of(System.getProperty("basedir", "."), "..", "README.md"), StandardCharsets.UTF_8);
    int section = lines.indexOf("## Spring Boot (`upload-spring-boot-starter`)");
    int start = lines.subList(section, lines.size()).indexOf("```yaml") + section + 1;
    int end = lines.subList(start, lines.size()).indexOf("```") + start;
    return String.join("\n", lines.subList(start, end)) + "\n";
  }

  private static List<PropertySource<?>> load(String yaml) throws IOException {
    return new YamlPropertySourceLoader()
        .load("README.md", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theReadmesYamlStartsAContextAsWritten() throws Exception {
    List<PropertySource<?>> readme = load(readmeYaml());

    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(GraphUploadAutoConfiguration.class))
        .withInitializer(
            context -> {
              var sources = context.getEnvironment().getPropertySources();
              readme.forEach(sources::addLast);
              sources.addFirst(
                  new MapPropertySource(
                      "the process",
                      Map.of("GRAPH_ACCESS_TOKEN", TOKEN, "user.home", home.toString())));
            })
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(GraphUploader.class);
              assertThat(context.getBean(SessionStore.class)).isInstanceOf(FileSessionStore.class);
              assertThat(((FileSessionStore) context.getBean(SessionStore.class)).directory())
                  .isEqualTo(home.resolve(".graph-upload/sessions"));
            });
  }

  @Test
  void everyValueTheYamlShowsCommentedOutIsTheDefault() throws Exception {
    // every commented line made live, but examples of what is unset by default ("# unset")
    Pattern commented = Pattern.compile("^(\\s*)# (.*)$");
    Pattern valued = Pattern.compile("^\\s*[a-z-]+: [^#\\s]+.*$");
    List<String> uncommented = new ArrayList<>();
    int shown = 0;
    for (String line : readmeYaml().split("\n")) {
      Matcher m = commented.matcher(line);
      if (m.matches() && !line.contains("# unset")) {
        String live = m.group(1) + m.group(2);
        uncommented.add(live);
        shown += valued.matcher(live).matches() ? 1 : 0;
      } else if (!m.matches()) {
        uncommented.add(line);
      }
    }
    StandardEnvironment environment = new StandardEnvironment();
    load(String.join("\n", uncommented) + "\n").forEach(environment.getPropertySources()::addFirst);
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("token", Map.of("GRAPH_ACCESS_TOKEN", TOKEN)));
    GraphUploadProperties written =
        new Binder(ConfigurationPropertySources.get(environment))
            .bindOrCreate("graph-upload", GraphUploadProperties.class);
    GraphUploadProperties defaults = new GraphUploadProperties();

    assertThat(shown).as("commented values in the README's yaml").isGreaterThanOrEqualTo(6);
    assertThat(written.getBaseUrl()).isEqualTo(defaults.getBaseUrl());
    assertThat(written.getApiVersion()).isEqualTo(defaults.getApiVersion());
    assertThat(written.getMaxAttempts()).isEqualTo(defaults.getMaxAttempts());
    assertThat(written.getRequestTimeout()).isEqualTo(defaults.getRequestTimeout());
    assertThat(written.getIdleTimeout()).isEqualTo(defaults.getIdleTimeout());
    assertThat(written.isVerifyContent()).isEqualTo(defaults.isVerifyContent());
    assertThat(written.isVerifyHandles()).isEqualTo(defaults.isVerifyHandles());
    assertThat(written.isEnabled()).isEqualTo(defaults.isEnabled());
    assertThat(written.getTransport().getConnectTimeout())
        .isEqualTo(defaults.getTransport().getConnectTimeout());
    assertThat(written.getStore().getRedis().getLeaseTime())
        .isEqualTo(defaults.getStore().getRedis().getLeaseTime());
  }
}
