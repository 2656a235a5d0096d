package dev.graphupload.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

/** A small JDK HttpClient wrapper speaking to one emulator, for tests. */
final class TestHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final GraphEmulator emulator;

  TestHttp(GraphEmulator emulator) {
    this.emulator = emulator;
  }

  record Reply(int status, HttpHeaders headers, byte[] body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    JsonNode error() {
      return json().get("error");
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  URI uri(String pathAndQuery) {
    return URI.create(emulator.baseUrl() + pathAndQuery);
  }

  Reply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
  }

  String auth() {
    return "OAuth " + emulator.token();
  }

  Reply create(String name, long length, String type) {
    String query =
        "file_name="
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "&file_length="
            + length
            + "&file_type="
            + URLEncoder.encode(type, StandardCharsets.UTF_8);
    return send(
        request("/v24.0/" + emulator.appId() + "/uploads?" + query)
            .header("Authorization", auth())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  String createSession(long length) {
    Reply reply = create("clip.mp4", length, "video/mp4");
    if (reply.status() != 200) {
      throw new AssertionError("create failed: " + reply.text());
    }
    return reply.json().get("id").asText();
  }

  /** Creates a session through another client (one that trusts the emulator's CA, say). */
  String createSessionWith(HttpClient other, long length) throws Exception {
    HttpResponse<byte[]> reply =
        other.send(
            request(
                    "/v24.0/"
                        + emulator.appId()
                        + "/uploads?file_name=clip.mp4&file_type=video/mp4&file_length="
                        + length)
                .header("Authorization", auth())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return JSON.readTree(reply.body()).get("id").asText();
  }

  Reply post(String sessionId, long offset, byte[] body) {
    return send(
        request("/v24.0/" + sessionId)
            .header("Authorization", auth())
            .header("file_offset", Long.toString(offset))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  Reply offset(String sessionId) {
    return send(request("/v24.0/" + sessionId).header("Authorization", auth()).GET().build());
  }

  Reply admin(String pathAndQuery) {
    return send(request("/_emulator/" + pathAndQuery).GET().build());
  }

  Reply adminPost(String pathAndQuery, String body) {
    return send(
        request("/_emulator/" + pathAndQuery)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
