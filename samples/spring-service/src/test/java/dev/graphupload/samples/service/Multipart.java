package dev.graphupload.samples.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** A client's multipart POST, as a browser or curl -F sends it. */
final class Multipart {

  private static final String BOUNDARY = "graph-upload-sample-boundary";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private Multipart() {}

  static HttpRequest post(URI uri, Path file, String contentType, String idempotencyKey)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String head =
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + file.getFileName()
            + "\"\r\nContent-Type: "
            + contentType
            + "\r\n\r\n";
    body.write(head.getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(file));
    body.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return request.build();
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET().build());
  }
}
