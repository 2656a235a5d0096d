package dev.graphupload.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A tiny server on loopback that misbehaves on purpose: for each connection it reads the request
 * head and then does whatever its {@link Behaviour} says (never answer, answer garbage, answer an
 * endless body…). For the transport contract's hostile-server cases.
 */
public final class ScriptedServer implements AutoCloseable {

  /** What to do with one connection once its request head has been read. */
  @FunctionalInterface
  public interface Behaviour {
    /**
     * Handles the connection.
     *
     * @param in the rest of the request
     * @param out the reply
     * @throws IOException when the client goes away
     */
    void handle(InputStream in, OutputStream out) throws IOException;
  }

  private final ServerSocket socket;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "scripted-server");
            t.setDaemon(true);
            return t;
          });

  /**
   * Starts listening on a free loopback port.
   *
   * @param behaviour what to do with each connection
   * @throws IOException if no port can be bound
   */
  public ScriptedServer(Behaviour behaviour) throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(
        () -> {
          while (!socket.isClosed()) {
            try {
              Socket connection = socket.accept();
              threads.execute(() -> serve(connection, behaviour));
            } catch (IOException closed) {
              return;
            }
          }
        });
  }

  private static void serve(Socket connection, Behaviour behaviour) {
    try (connection) {
      InputStream in = connection.getInputStream();
      readHead(in);
      behaviour.handle(in, connection.getOutputStream());
    } catch (IOException | RuntimeException gone) {
      // the client went away; nothing to report
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    int b;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4 && (b = in.read()) >= 0) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  /**
   * The server's base URL.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /** Never answers: reads and drops whatever comes. */
  public static Behaviour silent() {
    return (in, out) -> {
      byte[] buffer = new byte[8192];
      while (in.read(buffer) >= 0) {
        // swallow the body, answer nothing
      }
    };
  }

  /**
   * Reads {@code bytes} of the body, then stops reading and answers nothing, the connection left
   * open: a server frozen mid-body (for at most a minute, then it lets go).
   *
   * @param bytes how much of the body to read first
   * @return the behaviour
   */
  public static Behaviour frozenAfter(long bytes) {
    return (in, out) -> {
      byte[] buffer = new byte[8192];
      long read = 0;
      while (read < bytes) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes - read));
        if (n < 0) {
          return;
        }
        read += n;
      }
      try {
        new CountDownLatch(1).await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /**
   * Answers 200 with a body of {@code bytes} bytes.
   *
   * @param bytes the body's length
   * @return the behaviour
   */
  public static Behaviour hugeReply(long bytes) {
    return (in, out) -> {
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + bytes
                  + "\r\n\r\n")
              .getBytes());
      byte[] chunk = new byte[64 * 1024];
      for (long sent = 0; sent < bytes; sent += chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
      }
      out.flush();
    };
  }

  /** Answers something that is not HTTP, then closes. */
  public static Behaviour garbage() {
    return (in, out) -> {
      out.write("SSH-2.0-OpenSSH_9.0 not http at all\r\n\r\n".getBytes());
      out.flush();
    };
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.shutdownNow();
    try {
      threads.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
