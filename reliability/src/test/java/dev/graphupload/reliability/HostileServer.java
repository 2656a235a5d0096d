package dev.graphupload.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP/1.1 server that plays Graph badly on purpose. It reads each request whole (head and
 * {@code Content-Length} body), records it, and answers as its {@link Script} says: garbage, lies,
 * an endless body, a redirect, or nothing at all. One request per connection.
 */
final class HostileServer implements AutoCloseable {

  /** One request as it arrived. */
  record Request(String method, String target, Map<String, String> headers, long bodyLength) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** What to do with a request. */
  interface Script {
    /**
     * Answers one request.
     *
     * @param request the request
     * @param number how many requests came before it
     * @param out the connection's output
     */
    void answer(Request request, int number, OutputStream out) throws IOException;
  }

  private final ServerSocket socket;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "hostile-server");
            t.setDaemon(true);
            return t;
          });

  HostileServer(String host, Script script) throws IOException {
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
    threads.execute(
        () -> {
          while (!socket.isClosed()) {
            try {
              Socket connection = socket.accept();
              threads.execute(() -> serve(connection, script));
            } catch (IOException closed) {
              return;
            }
          }
        });
  }

  URI baseUrl() {
    return URI.create(
        "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort());
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void serve(Socket connection, Script script) {
    try (connection) {
      InputStream in = connection.getInputStream();
      Request request = read(in);
      if (request == null) {
        return;
      }
      int number;
      synchronized (requests) {
        number = requests.size();
        requests.add(request);
      }
      script.answer(request, number, connection.getOutputStream());
      connection.getOutputStream().flush();
    } catch (IOException gone) {
      // the client went away: that is its right
    }
  }

  /**
   * Reads an HTTP/1.1 message head, up to and with its blank line.
   *
   * @return the head as read; shorter, without the blank line, if the stream ended first
   */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) >= 0) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static Request read(InputStream in) throws IOException {
    String head = readHead(in);
    if (!head.endsWith("\r\n\r\n")) {
      return null;
    }
    String[] lines = head.split("\r\n");
    String[] start = lines[0].split(" ");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    long length = Long.parseLong(headers.getOrDefault("content-length", "0"));
    long skipped = 0;
    byte[] sink = new byte[64 * 1024];
    while (skipped < length) {
      int n = in.read(sink, 0, (int) Math.min(sink.length, length - skipped));
      if (n < 0) {
        break;
      }
      skipped += n;
    }
    return new Request(start[0], start.length > 1 ? start[1] : "", headers, skipped);
  }

  /** Writes a whole reply and closes the exchange. */
  static void reply(OutputStream out, int status, String contentType, String body, String... extra)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(status).append(" Whatever\r\n");
    head.append("Content-Type: ").append(contentType).append("\r\n");
    head.append("Content-Length: ").append(bytes.length).append("\r\n");
    head.append("Connection: close\r\n");
    for (String header : extra) {
      head.append(header).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(bytes);
  }

  /** Graph's reply to a create call: a session id with a signature. */
  static void created(OutputStream out) throws IOException {
    reply(out, 200, "application/json", "{\"id\":\"upload:aG9zdGlsZQ?sig=c2lnbmF0dXJl\"}");
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.shutdownNow();
  }
}
