package dev.graphupload.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a user might write without the library: the JDK HttpClient, {@code BodyPublishers.ofFile},
 * one create and one send, no resume. Prints the same JSON line as {@link UploadOnce}.
 *
 * <pre>java -cp … dev.graphupload.benchmarks.PlainUpload BASE_URL APP_ID TOKEN FILE</pre>
 */
public final class PlainUpload {

  private PlainUpload() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[3]);
    long length = Files.size(file);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long start = System.nanoTime();
    String created =
        client
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            args[0]
                                + "/v24.0/"
                                + args[1]
                                + "/uploads?file_name="
                                + file.getFileName()
                                + "&file_length="
                                + length
                                + "&file_type=video/mp4"))
                    .header("Authorization", "OAuth " + args[2])
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String session = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> sent =
        client.send(
            HttpRequest.newBuilder(URI.create(args[0] + "/v24.0/" + session))
                .header("Authorization", "OAuth " + args[2])
                .header("file_offset", "0")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!sent.body().contains("\"h\"")) {
      throw new IllegalStateException("no handle: " + sent.body());
    }
    System.out.printf(
        Locale.ROOT,
        "{\"transport\":\"plain-httpclient\",\"bytes\":%d,\"seconds\":%.3f,\"bytesPerSecond\":%.0f}%n",
        length,
        seconds,
        length / seconds);
  }
}
