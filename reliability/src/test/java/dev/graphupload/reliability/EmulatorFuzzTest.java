package dev.graphupload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphupload.emulator.GraphEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded random and malformed requests, over raw sockets, at an emulator holding two
 * half-uploaded sessions: wrong methods, paths that climb out of the data directory, tampered
 * session ids, bad and missing tokens and offsets, hostile file names, bodies that disagree with
 * their length, and bytes that are not HTTP at all. The emulator must answer each with a client
 * error (never a 5xx), keep serving, write nothing outside its data directory, and finish both
 * sessions with exactly their own bytes.
 */
class EmulatorFuzzTest {

  private static final long SEED = Long.getLong("reliability.seed", 20261122L);
  private static final int REQUESTS = Integer.getInteger("reliability.fuzz", 3000);
  private static final String MARK = "FUZZMARK";
  private static final String SECTION = "Fuzzed emulator";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path sandbox;

  @AfterAll
  static void writeFigures() {
    Figures.write();
  }

  /** A session the test owns: its id, its bytes, and how many of them it sent so far. */
  record Owned(String id, byte[] bytes, int sent) {}

  @Test
  void noRequestCrashesItEscapesItsDirectoryOrMixesSessions() throws Exception {
    Random random = new Random(SEED);
    System.out.printf("emulator fuzz: seed %d, %d requests%n", SEED, REQUESTS);
    Path data = sandbox.resolve("data");
    try (GraphEmulator emulator =
        GraphEmulator.builder().dataDirectory(data).tokens(Secrets.TOKEN).build()) {
      int port = emulator.port();
      Owned a = halfUpload(port, random, "a.mp4");
      Owned b = halfUpload(port, random, "b.mp4");

      Map<String, Integer> outcomes = new TreeMap<>();
      for (int i = 0; i < REQUESTS; i++) {
        Fuzz fuzz = fuzz(random, a, b);
        String outcome;
        try {
          outcome = send(port, fuzz);
        } catch (AssertionError e) {
          throw new AssertionError("fuzz request " + i + " of seed " + SEED + ": " + fuzz, e);
        }
        outcomes.merge(outcome, 1, Integer::sum);
        assertThat(outcome)
            .as("the answer to fuzz request %d of seed %d: %s", i, SEED, fuzz)
            .doesNotStartWith("5");
      }
      System.out.println("fuzz outcomes: " + outcomes);

      // still serving, and each session holds its own bytes and nothing else
      for (Owned owned : List.of(a, b)) {
        String handle = finish(port, owned);
        String sha =
            JSON.readTree(
                    exchange(
                        port,
                        "GET /_emulator/files?handle="
                            + URLEncoder.encode(handle, StandardCharsets.UTF_8)
                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                        new byte[0]))
                .get("sha256")
                .asText();
        assertThat(sha).as("SHA-256 of session %s", owned.id()).isEqualTo(sha256(owned.bytes()));
      }

      // nothing written outside the data directory, nothing named by a fuzzer anywhere else
      try (Stream<Path> all = Files.walk(sandbox)) {
        assertThat(all.filter(p -> !p.startsWith(data) && !p.equals(sandbox)).toList())
            .as("files outside the data directory")
            .isEmpty();
      }
      try (Stream<Path> tmp = Files.walk(sandbox.getParent(), 3)) {
        assertThat(
                tmp.filter(
                        p -> p.getFileName() != null && p.getFileName().toString().contains(MARK))
                    .toList())
            .as("files named by the fuzzer")
            .isEmpty();
      }
      Figures.add(SECTION, "malformed or random requests", REQUESTS);
      Figures.add(
          SECTION,
          "answered with a 4xx",
          outcomes.entrySet().stream()
              .filter(e -> e.getKey().startsWith("4"))
              .mapToLong(Map.Entry::getValue)
              .sum());
      Figures.add(
          SECTION, "connection closed without an answer", outcomes.getOrDefault("closed", 0));
      Figures.add(SECTION, "answered with a 5xx (crash)", 0);
      Figures.add(SECTION, "files written outside the data directory", 0);
      Figures.add(SECTION, "bytes of one session served for another", 0);
    }
  }

  // ---- the legitimate part ----

  private Owned halfUpload(int port, Random random, String name) throws IOException {
    byte[] bytes = new byte[200_000];
    random.nextBytes(bytes);
    System.arraycopy(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p'}, 0, bytes, 0, 8);
    String created =
        exchange(
            port,
            "POST /v24.0/"
                + GraphEmulator.DEFAULT_APP_ID
                + "/uploads?file_name="
                + name
                + "&file_length="
                + bytes.length
                + "&file_type=video/mp4 HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth "
                + Secrets.TOKEN
                + "\r\nContent-Length: 0\r\n\r\n",
            new byte[0]);
    String id = JSON.readTree(created).get("id").asText();
    Owned owned = new Owned(id, bytes, 100_000);
    exchange(port, sendHead(id, 0, owned.sent(), "OAuth " + Secrets.TOKEN), slice(owned, 0));
    return owned;
  }

  private String finish(int port, Owned owned) throws IOException {
    String reply =
        exchange(
            port,
            sendHead(
                owned.id(),
                owned.sent(),
                owned.bytes().length - owned.sent(),
                "OAuth " + Secrets.TOKEN),
            slice(owned, owned.sent()));
    return JSON.readTree(reply).get("h").asText();
  }

  private static byte[] slice(Owned owned, int from) {
    int to = from == 0 ? owned.sent() : owned.bytes().length;
    return Arrays.copyOfRange(owned.bytes(), from, to);
  }

  private static String sendHead(String id, long offset, long length, String authorization) {
    return "POST /v24.0/"
        + id
        + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + authorization
        + "\r\nfile_offset: "
        + offset
        + "\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  /** One whole exchange that must succeed: the reply's body. */
  private static String exchange(int port, String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      String reply = readReply(socket.getInputStream());
      assertThat(reply)
          .as("reply to %s", head.lines().findFirst().orElse(""))
          .startsWith("HTTP/1.1 200");
      return reply.substring(reply.indexOf("\r\n\r\n") + 4);
    }
  }

  // ---- the fuzz ----

  /** One fuzzed request: raw bytes, and whether its body is shorter than it says. */
  record Fuzz(String description, byte[] bytes, boolean truncated) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static final String[] METHODS = {
    "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO", ""
  };

  private static Fuzz fuzz(Random random, Owned a, Owned b) {
    if (random.nextInt(20) == 0) {
      byte[] garbage = new byte[1 + random.nextInt(2_000)];
      random.nextBytes(garbage);
      return new Fuzz("random bytes (" + garbage.length + ")", garbage, false);
    }
    // most requests look nearly right, so that they get past the first check and into the deep ones
    String method =
        random.nextInt(10) < 7
            ? (random.nextBoolean() ? "POST" : "GET")
            : METHODS[random.nextInt(METHODS.length)];
    String target = target(random, a, b);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: x\r\n");
    String authorization = authorization(random);
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    boolean ownSession = target.contains(a.id()) || target.contains(b.id());
    String offset = offset(random);
    if (ownSession && Secrets.TOKEN.equals(tokenOf(authorization))) {
      // a correct token and offset on a session we own would be a legitimate write, not a fuzz
      offset = "-" + (1 + random.nextInt(5));
    }
    if (offset != null) {
      head.append("file_offset: ").append(offset).append("\r\n");
    }
    for (int i = random.nextInt(3); i > 0; i--) {
      head.append(randomHeader(random)).append("\r\n");
    }
    byte[] body = new byte[random.nextInt(4) == 0 ? random.nextInt(70_000) : random.nextInt(64)];
    random.nextBytes(body);
    int declared = body.length;
    boolean truncated = false;
    switch (random.nextInt(6)) {
      case 0 -> declared = body.length + 1 + random.nextInt(1000); // says more than it sends
      case 1 -> declared = Math.max(0, body.length - random.nextInt(body.length + 1)); // less
      case 2 -> head.append("Transfer-Encoding: chunked\r\n");
      default -> {}
    }
    if (declared > body.length) {
      truncated = true;
    }
    head.append("Content-Length: ").append(declared).append("\r\n\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(body);
    String description =
        head.toString().replace("\r\n", " | ").replace(Secrets.TOKEN, "<token>")
            + "body "
            + body.length;
    return new Fuzz(description, bytes.toByteArray(), truncated);
  }

  private static String tokenOf(String authorization) {
    if (authorization == null) {
      return null;
    }
    int space = authorization.indexOf(' ');
    return space < 0 ? authorization : authorization.substring(space + 1);
  }

  private static String target(Random random, Owned a, Owned b) {
    Owned owned = random.nextBoolean() ? a : b;
    Owned other = owned == a ? b : a;
    String version = random.nextInt(5) == 0 ? "v" + random.nextInt(100) + ".x" : "v24.0";
    String idPart = owned.id().substring(0, owned.id().indexOf("?sig="));
    String sig = owned.id().substring(owned.id().indexOf("?sig="));
    String otherSig = other.id().substring(other.id().indexOf("?sig="));
    return switch (random.nextInt(16)) {
      case 0 ->
          "/" + version + "/" + GraphEmulator.DEFAULT_APP_ID + "/uploads" + createQuery(random);
      case 1 -> "/" + version + "/" + random.nextInt() + "/uploads" + createQuery(random);
      case 2 -> "/" + version + "/" + owned.id();
      case 3 -> "/" + version + "/" + idPart + otherSig; // another session's signature
      case 4 -> "/" + version + "/" + idPart; // no signature
      case 5 ->
          "/" + version + "/" + idPart + sig.substring(0, sig.length() - 2) + "AA"; // tampered
      case 6 -> "/" + version + "/upload:../../../../etc/passwd?sig=x";
      case 7 -> "/" + version + "/upload:%2e%2e%2f%2e%2e%2f" + MARK + "?sig=x";
      case 8 -> "/" + version + "/upload:" + "A".repeat(random.nextInt(10_000));
      case 9 -> "/../../../../tmp/" + MARK;
      case 10 ->
          "/"
              + version
              + "/upload:"
              + HexFormat.of().formatHex(randomBytes(random, 24))
              + "?sig="
              + "x".repeat(random.nextInt(50));
      case 11 ->
          "//"
              + version
              + "//"
              + owned.id()
              + "?access_token="
              + (random.nextBoolean() ? Secrets.TOKEN : "nope");
      case 12 -> "/" + version + "/" + owned.id() + "&file_offset=0";
      case 13 -> "/%00/%ff/" + MARK;
      case 14 -> "*";
      default ->
          "/"
              + version
              + "/"
              + GraphEmulator.DEFAULT_APP_ID
              + "/uploads?"
              + MARK
              + "="
              + random.nextLong();
    };
  }

  private static String createQuery(Random random) {
    String[] names = {
      MARK + ".mp4",
      "../../" + MARK + ".mp4",
      "/tmp/" + MARK + ".pdf",
      "..%2f..%2f" + MARK + ".png",
      MARK + "%00.jpg",
      MARK + "\u00e9\u4e2d\ud83d\ude00.mp4",
      MARK + "x".repeat(5_000),
      "",
      ".",
      "..",
      "CON",
      MARK + "/../../x.mp4"
    };
    String[] lengths = {"10", "0", "-5", "99999999999999999999", "abc", "1e9", "", "3", "1048576"};
    String[] types = {
      "video/mp4", "image/png", "application/pdf", "text/html", "", "video/mp4;x=1", "../x"
    };
    StringBuilder query = new StringBuilder("?");
    if (random.nextInt(6) > 0) {
      query
          .append("file_name=")
          .append(URLEncoder.encode(names[random.nextInt(names.length)], StandardCharsets.UTF_8))
          .append('&');
    }
    if (random.nextInt(6) > 0) {
      query.append("file_length=").append(lengths[random.nextInt(lengths.length)]).append('&');
    }
    if (random.nextInt(6) > 0) {
      query
          .append("file_type=")
          .append(URLEncoder.encode(types[random.nextInt(types.length)], StandardCharsets.UTF_8))
          .append('&');
    }
    if (random.nextInt(4) == 0) {
      query.append("access_token=").append(random.nextBoolean() ? Secrets.TOKEN : "x");
    }
    return query.toString();
  }

  private static String authorization(Random random) {
    if (random.nextBoolean()) {
      return "OAuth " + Secrets.TOKEN;
    }
    return switch (random.nextInt(7)) {
      case 0 -> null;
      case 1 -> "OAuth " + Secrets.TOKEN;
      case 2 -> "Bearer " + Secrets.TOKEN;
      case 3 -> "OAuth ";
      case 4 -> "OAuth " + Secrets.TOKEN.substring(0, Secrets.TOKEN.length() - 1);
      case 5 -> "Basic dXNlcjpwYXNz";
      default -> "OAuth " + "z".repeat(random.nextInt(3_000));
    };
  }

  private static String offset(Random random) {
    String[] offsets = {
      null,
      "0",
      "-1",
      "100000",
      "99999999999999999999",
      "abc",
      "",
      " 5",
      "0x10",
      "1.5",
      "9223372036854775807"
    };
    return offsets[random.nextInt(offsets.length)];
  }

  private static String randomHeader(Random random) {
    String[] headers = {
      "file_offset: 0",
      "Content-Type: application/json",
      "Expect: 100-continue",
      "Connection: close",
      "X-" + MARK + ": " + "v".repeat(random.nextInt(500)),
      "Content-Length: 5",
      "Host: evil"
    };
    return headers[random.nextInt(headers.length)];
  }

  private static byte[] randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Sends one fuzzed request: the status the emulator answered, or "closed" or "waiting". */
  private static String send(int port, Fuzz fuzz) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(fuzz.truncated() ? 300 : 5_000);
      try {
        socket.getOutputStream().write(fuzz.bytes());
        socket.getOutputStream().flush();
        socket.shutdownOutput();
      } catch (IOException closedWhileWriting) {
        return "closed";
      }
      try {
        String reply = readReply(socket.getInputStream());
        while (reply.startsWith("HTTP/1.1 100")) {
          reply = readReply(socket.getInputStream());
        }
        if (reply.isEmpty()) {
          return "closed";
        }
        assertThat(reply).startsWith("HTTP/1.");
        return reply.substring(9, 12);
      } catch (SocketTimeoutException e) {
        if (fuzz.truncated()) {
          return "waiting for the rest of the body";
        }
        throw new AssertionError("no answer within 5 s", e);
      } catch (SocketException reset) {
        return "closed";
      }
    }
  }

  /** Reads a reply head and as much body as its Content-Length says. */
  private static String readReply(InputStream in) throws IOException {
    String text = HostileServer.readHead(in);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return text + new String(body, StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
