package dev.graphupload.core;

import java.util.Objects;

/**
 * A Graph access token. It is a secret: {@link #toString()} never shows it, and the library sends
 * it only in the {@code Authorization} header, never in a URL, a log line, an exception message or
 * a session record.
 *
 * <p>Record equality compares the secret, so two tokens can be told apart without printing them.
 *
 * @param secret the token as issued by Meta
 */
public record AccessToken(String secret) {

  /** Validates the token. */
  public AccessToken {
    Objects.requireNonNull(secret, "access token");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("The access token is empty");
    }
    if (Text.hasControlChars(secret) || secret.chars().anyMatch(Character::isWhitespace)) {
      // Never quote the value: it is a secret, even when malformed.
      throw new IllegalArgumentException(
          "The access token contains white space or control characters; copy it again without"
              + " line breaks");
    }
  }

  /**
   * Wraps a token.
   *
   * @param secret the token as issued by Meta
   * @return the token
   */
  public static AccessToken of(String secret) {
    return new AccessToken(secret);
  }

  /**
   * The value of the {@code Authorization} header that carries this token.
   *
   * @return {@code OAuth <token>}
   */
  public String authorizationHeader() {
    return "OAuth " + secret;
  }

  /** Shows the token's length only. */
  @Override
  public String toString() {
    return "AccessToken[redacted, " + secret.length() + " chars]";
  }
}
