package dev.graphupload.emulator.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs session ids and handles with a key kept in the data directory, so they survive restarts.
 */
final class Signer {

  private static final String ALGORITHM = "HmacSHA256";
  private final byte[] key;

  private Signer(byte[] key) {
    this.key = key;
  }

  static Signer loadOrCreate(Path dataDirectory) throws IOException {
    Path file = dataDirectory.resolve("signing.key");
    if (Files.exists(file)) {
      byte[] key = Files.readAllBytes(file);
      if (key.length >= 32) {
        return new Signer(key);
      }
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path temp = dataDirectory.resolve("signing.key.tmp");
    Files.write(temp, key, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // best effort on file systems without POSIX permissions
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    return new Signer(key);
  }

  String sign(String data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      byte[] full = mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
      return "ARZ"
          + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 24));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is in every Java runtime", e);
    }
  }

  boolean verify(String data, String signature) {
    return MessageDigest.isEqual(
        sign(data).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
