package dev.graphupload.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that forwards client bytes at a fixed rate and counts them: the wire
 * between a command-line run and the emulator, so that a run can be killed mid-body and the bytes
 * it really sent can be added up. Small socket buffers keep what is in flight (and lost with a
 * killed client) to a few tens of KiB.
 */
final class PacingProxy implements AutoCloseable {

  private static final int PIECE = 16 * 1024;

  private final ServerSocket socket;
  private final InetSocketAddress target;
  private final long bytesPerSecond;
  private final AtomicLong fromClients = new AtomicLong();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "pacing-proxy");
            t.setDaemon(true);
            return t;
          });

  PacingProxy(URI target, long bytesPerSecond) throws IOException {
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.bytesPerSecond = bytesPerSecond;
    socket = new ServerSocket();
    socket.setReceiveBufferSize(PIECE * 2);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    threads.execute(this::acceptLoop);
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /** Every byte any client sent through the proxy: request heads and bodies. */
  long bytesFromClients() {
    return fromClients.get();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket server = new Socket();
        server.setSendBufferSize(PIECE * 2);
        server.connect(target);
        threads.execute(() -> pump(client, server, true));
        threads.execute(() -> pump(server, client, false));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean paced) {
    byte[] piece = new byte[PIECE];
    try (from;
        to) {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      long began = System.nanoTime();
      long total = 0;
      int n;
      while ((n = in.read(piece)) >= 0) {
        if (paced) {
          fromClients.addAndGet(n);
          total += n;
          long due = began + total * 1_000_000_000L / bytesPerSecond;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        out.write(piece, 0, n);
        out.flush();
      }
    } catch (IOException | InterruptedException gone) {
      // one side went away (a killed client): closing both ends passes that on
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.shutdownNow();
  }
}
