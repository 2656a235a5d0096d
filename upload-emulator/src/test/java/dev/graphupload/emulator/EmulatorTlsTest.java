package dev.graphupload.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTPS with the generated certificate: curl and the JDK's client, HTTP/1.1 and HTTP/2. */
class EmulatorTlsTest {

  private static GraphEmulator emulator;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    emulator = GraphEmulator.builder().port(0).tls(true).build();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static String curl(String... args) throws Exception {
    Curl.assumePresent("the HTTPS curl flows");
    return Curl.runOk(args);
  }

  @Test
  void announcesItsHttpsUrlAndTheCaToTrust() {
    Path ca = emulator.caCertificate().orElseThrow();

    assertThat(emulator.startupLine())
        .isEqualTo(
            "graph-upload emulator listening on https://127.0.0.1:"
                + emulator.port()
                + " app-id="
                + emulator.appId()
                + " token="
                + emulator.token()
                + " ca-cert="
                + ca);
    assertThat(ca).isRegularFile();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--http1.1", "--http2"})
  void uploadsWithCurlTrustingTheCa(String version) throws Exception {
    String ca = emulator.caCertificate().orElseThrow().toString();
    Path file = dir.resolve("body.bin");
    byte[] bytes = TestHttp.randomBytes(300_000, 7);
    Files.write(file, bytes);
    String base = emulator.baseUrl() + "/v24.0/";
    JsonNode created =
        TestHttp.JSON.readTree(
            curl(
                version,
                "--cacert",
                ca,
                "-X",
                "POST",
                base
                    + "app/uploads?file_name=t.mp4&file_length=300000&file_type=video/mp4"
                    + "&access_token="
                    + emulator.token()));
    String id = created.get("id").asText();

    JsonNode sent =
        TestHttp.JSON.readTree(
            curl(
                version,
                "--cacert",
                ca,
                "-X",
                "POST",
                base + id,
                "-H",
                "Authorization: OAuth " + emulator.token(),
                "-H",
                "file_offset: 0",
                "--data-binary",
                "@" + file));

    assertThat(emulator.sha256Of(sent.get("h").asText())).hasValue(TestHttp.sha256(bytes));
  }

  @Test
  void speaksHttp2ToTheJdkClient() throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .sslContext(trusting(emulator.caCertificate().orElseThrow()))
            .build();
    String id = new TestHttp(emulator).createSessionWith(client, 5);

    HttpResponse<String> reply =
        client.send(
            HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v24.0/" + id))
                .header("Authorization", "OAuth " + emulator.token())
                .header("file_offset", "0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3, 4, 5}))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(reply.body()).contains("\"h\"");
  }

  static SSLContext trusting(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      store.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
