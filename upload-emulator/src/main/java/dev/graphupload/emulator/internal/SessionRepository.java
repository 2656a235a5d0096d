package dev.graphupload.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions and their bytes. On disk: {@code sessions/<key>.json} (the description, written
 * atomically) and {@code sessions/<key>.bin} (the bytes received, whose length is the offset). File
 * names come from random keys only, never from what a client sent, so nothing is written outside
 * the data directory. In sink mode the bytes are counted and dropped.
 */
final class SessionRepository {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRepository.class);
  private static final SecureRandom KEYS = new SecureRandom();

  private final EmulatorConfig config;
  private final Path directory;
  private final Signer signer;
  private final ConcurrentMap<String, StoredSession> byKey = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, StoredSession> byHandle = new ConcurrentHashMap<>();

  private SessionRepository(EmulatorConfig config, Path directory, Signer signer) {
    this.config = config;
    this.directory = directory;
    this.signer = signer;
  }

  static SessionRepository open(EmulatorConfig config) throws IOException {
    Path root = config.dataDirectory();
    Files.createDirectories(root);
    Path sessions = Files.createDirectories(root.resolve("sessions"));
    privateDirectory(root);
    privateDirectory(sessions);
    SessionRepository repository =
        new SessionRepository(config, sessions, Signer.loadOrCreate(root));
    repository.load();
    return repository;
  }

  private static void privateDirectory(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      // best effort
    }
  }

  private void load() throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
      for (Path file : files) {
        try {
          StoredSession session = read(Replies.JSON.readTree(file.toFile()));
          byKey.put(session.key, session);
          if (session.handle != null) {
            byHandle.put(session.handle, session);
          }
        } catch (IOException | RuntimeException e) {
          LOG.warn("Skipping unreadable session file {}: {}", file, e.toString());
        }
      }
    }
    LOG.debug("Loaded {} sessions from {}", byKey.size(), directory);
  }

  private StoredSession read(JsonNode node) throws IOException {
    String key = node.get("key").asText();
    if (!key.matches("[0-9a-f]{32}")) {
      throw new IOException("bad session key");
    }
    StoredSession session =
        new StoredSession(
            key,
            node.get("id").asText(),
            node.get("appId").asText(),
            node.get("fileName").asText(),
            node.get("fileType").asText(),
            node.get("length").asLong(),
            Instant.parse(node.get("createdAt").asText()),
            Instant.parse(node.get("expiresAt").asText()));
    session.expired = node.path("expired").asBoolean(false);
    if (node.hasNonNull("handle")) {
      session.handle = node.get("handle").asText();
      session.handleExpiresAt = Instant.parse(node.get("handleExpiresAt").asText());
    }
    session.sha256 = node.hasNonNull("sha256") ? node.get("sha256").asText() : null;
    if (config.sink()) {
      session.offset = node.path("offset").asLong(0);
    } else {
      Path data = dataPath(session);
      session.offset = Files.exists(data) ? Math.min(Files.size(data), session.length) : 0;
    }
    return session;
  }

  StoredSession create(String appId, String fileName, String fileType, long length)
      throws IOException {
    byte[] random = new byte[16];
    KEYS.nextBytes(random);
    String key = HexFormat.of().formatHex(random);
    String description = "v1:" + key + ":" + appId;
    String opaque =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(description.getBytes(StandardCharsets.UTF_8));
    String id = "upload:" + opaque + "?sig=" + signer.sign("session:" + description);
    Instant now = config.clock().instant();
    StoredSession session =
        new StoredSession(
            key, id, appId, fileName, fileType, length, now, now.plus(config.sessionLifetime()));
    if (!config.sink()) {
      Files.deleteIfExists(dataPath(session));
      Files.createFile(
          dataPath(session),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    persist(session);
    byKey.put(key, session);
    return session;
  }

  /**
   * The session a request names.
   *
   * @param opaque the path segment after {@code upload:}
   * @param signature the {@code sig} query parameter, or null
   * @throws GraphFailure code 104 for a missing or tampered signature, 100/33 for an unknown one
   */
  StoredSession find(String opaque, String signature) {
    String id = "upload:" + opaque + (signature == null ? "" : "?sig=" + signature);
    String description;
    try {
      description = new String(Base64.getUrlDecoder().decode(opaque), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw GraphFailure.noSuchObject(id);
    }
    if (signature == null || !signer.verify("session:" + description, signature)) {
      throw GraphFailure.badSignature();
    }
    String[] parts = description.split(":");
    StoredSession session = parts.length == 3 ? byKey.get(parts[1]) : null;
    if (session == null) {
      throw GraphFailure.noSuchObject(id);
    }
    return session;
  }

  StoredSession findByHandle(String handle) {
    return byHandle.get(handle);
  }

  StoredSession findById(String id) {
    for (StoredSession session : byKey.values()) {
      if (session.id.equals(id)) {
        return session;
      }
    }
    return null;
  }

  List<StoredSession> all() {
    return new ArrayList<>(byKey.values());
  }

  Path dataPath(StoredSession session) {
    return directory.resolve(session.key + ".bin");
  }

  FileChannel openForWriting(StoredSession session) throws IOException {
    return FileChannel.open(dataPath(session), StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  /** Writes {@code data} at the session's offset; the caller holds the session's monitor. */
  void append(StoredSession session, FileChannel channel, ByteBuf data) throws IOException {
    int count = data.readableBytes();
    if (!config.sink()) {
      if (session.offset == 0) {
        session.digest = newDigest();
      }
      long position = session.offset;
      try {
        for (ByteBuffer buffer : data.nioBuffers()) {
          ByteBuffer written = buffer.duplicate();
          while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
          }
          if (session.digest != null) {
            session.digest.update(written); // only bytes actually kept count
          }
        }
      } catch (IOException | RuntimeException e) {
        // part of the data may be written, none of it is counted: the offset stays, and the
        // running checksum, which may now hold some of it, is dropped (completion reads the file)
        session.digest = null;
        throw e;
      }
    }
    session.offset += count;
  }

  /** Whether {@code data} equals the stored bytes at {@code at} (always true in sink mode). */
  boolean matches(StoredSession session, FileChannel channel, long at, ByteBuf data)
      throws IOException {
    if (config.sink()) {
      return true;
    }
    ByteBuffer stored = ByteBuffer.allocate(data.readableBytes());
    while (stored.hasRemaining()) {
      if (channel.read(stored, at + stored.position()) < 0) {
        return false;
      }
    }
    return data.nioBuffer().equals(stored.flip());
  }

  /** The user id a {@code 4::} handle carries: the emulator has one user. */
  private static final String USER_ID = "100000000000001";

  /** Gives a finished session its handle and checksum. Blocking: reads the whole file. */
  void complete(StoredSession session) throws IOException {
    String sha = null;
    if (!config.sink()) {
      MessageDigest digest;
      synchronized (session) {
        digest = session.digest;
        session.digest = null;
      }
      sha = digest != null ? HexFormat.of().formatHex(digest.digest()) : sha256(dataPath(session));
    }
    Instant expiry = config.clock().instant().plus(config.handleLifetime());
    String opaque =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(HexFormat.of().parseHex(session.key));
    String name =
        Base64.getEncoder().encodeToString(session.fileName.getBytes(StandardCharsets.UTF_8));
    String unsigned =
        switch (config.profile().handles()) {
          case V2 ->
              "2:" + name + ":" + session.fileType + ":" + opaque + ":e:" + expiry.getEpochSecond();
          case V4 ->
              "4::"
                  + Base64.getEncoder()
                      .encodeToString(session.fileType.getBytes(StandardCharsets.UTF_8))
                  + ":"
                  + opaque
                  + ":e:"
                  + expiry.getEpochSecond()
                  + ":"
                  + session.appId
                  + ":"
                  + USER_ID;
        };
    synchronized (session) {
      session.sha256 = sha;
      session.handleExpiresAt = expiry;
      session.handle = unsigned + ":" + signer.sign("handle:" + unsigned);
    }
    persist(session);
    byHandle.put(session.handle, session);
  }

  /**
   * Writes the session's record. Two connections may persist one session at once (a newer send
   * taking over from an older one that is being closed): the whole snapshot, write and rename
   * happen under the session's lock, so neither finds its temporary file renamed away by the other
   * and the last state written is the last state taken.
   */
  void persist(StoredSession session) throws IOException {
    synchronized (session) {
      ObjectNode node = Replies.JSON.createObjectNode();
      node.put("key", session.key);
      node.put("id", session.id);
      node.put("appId", session.appId);
      node.put("fileName", session.fileName);
      node.put("fileType", session.fileType);
      node.put("length", session.length);
      node.put("offset", session.offset);
      node.put("createdAt", session.createdAt.toString());
      node.put("expiresAt", session.expiresAt.toString());
      node.put("expired", session.expired);
      node.put("handle", session.handle);
      node.put(
          "handleExpiresAt",
          session.handleExpiresAt == null ? null : session.handleExpiresAt.toString());
      node.put("sha256", session.sha256);
      Path target = directory.resolve(session.key + ".json");
      Path temp = directory.resolve(session.key + ".json.tmp");
      Files.write(temp, Replies.JSON.writeValueAsBytes(node));
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  void expire(StoredSession session) throws IOException {
    synchronized (session) {
      session.expired = true;
    }
    persist(session);
  }

  void reset() throws IOException {
    for (StoredSession session : all()) {
      Files.deleteIfExists(directory.resolve(session.key + ".json"));
      Files.deleteIfExists(dataPath(session));
    }
    byKey.clear();
    byHandle.clear();
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime provides SHA-256", e);
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
