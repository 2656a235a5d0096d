package dev.graphupload.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key of a session record: which file goes to which app on which Graph endpoint.
 *
 * <p>It is a SHA-256 of the endpoint, the app id and the file's absolute path (or the caller's key,
 * for an upload made with one: {@link #forKey}), so it is safe to use as a file name or a Redis
 * key, and two workers that see the same file at the same path find the same record. Whether the
 * file's <em>content</em> is still the same is the {@link Fingerprint}'s job.
 *
 * @param value 64 lower-case hex digits
 */
public record UploadKey(String value) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Validates the key. */
  public UploadKey {
    Objects.requireNonNull(value, "upload key");
    if (!SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "An upload key is 64 lower-case hex digits; got '" + Text.abbreviate(value) + "'");
    }
  }

  /**
   * The key of a file uploaded to an app on an endpoint.
   *
   * @param endpoint the Graph base URL, such as {@code https://graph.facebook.com}
   * @param appId the app that owns the session
   * @param file the file's path; made absolute and normalized first
   * @return the key
   */
  public static UploadKey of(URI endpoint, AppId appId, Path file) {
    MessageDigest digest = Fingerprint.sha256();
    String identity = endpoint + "\n" + appId.value() + "\n" + file.toAbsolutePath().normalize();
    return new UploadKey(
        HexFormat.of().formatHex(digest.digest(identity.getBytes(StandardCharsets.UTF_8))));
  }

  /**
   * The key of an upload resumed by a caller's key rather than by a file's path.
   *
   * @param endpoint the Graph base URL
   * @param appId the app that owns the session
   * @param callerKey the caller's key ({@link UploadRequest.Builder#key})
   * @return the key
   */
  public static UploadKey forKey(URI endpoint, AppId appId, String callerKey) {
    MessageDigest digest = Fingerprint.sha256();
    String identity = endpoint + "\n" + appId.value() + "\nkey:" + callerKey;
    return new UploadKey(
        HexFormat.of().formatHex(digest.digest(identity.getBytes(StandardCharsets.UTF_8))));
  }

  @Override
  public String toString() {
    return value;
  }
}
