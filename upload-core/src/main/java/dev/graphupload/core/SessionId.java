package dev.graphupload.core;

import java.util.Objects;

/**
 * The id of an upload session, as Graph returned it: {@code upload:<opaque>}, often followed by a
 * {@code ?sig=…} query.
 *
 * <p>The value is kept and sent <em>verbatim</em>: the {@code ?sig=} part is a real query string
 * that Graph checks, so it must never be re-encoded. A session id is not a secret, but it is only
 * useful together with the access token.
 *
 * @param value the id, starting with {@code upload:}, with no white space or control characters
 */
public record SessionId(String value) {

  private static final String PREFIX = "upload:";

  /** Validates the id. */
  public SessionId {
    Objects.requireNonNull(value, "session id");
    if (!value.startsWith(PREFIX) || value.length() == PREFIX.length()) {
      throw new IllegalArgumentException(
          "A session id starts with 'upload:' followed by the id Graph gave; got '"
              + Text.abbreviate(value)
              + "'");
    }
    int bad = Text.firstUnsafeUriChar(value);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "A session id must be sent verbatim in a URL and cannot contain white space, control"
              + " characters or '#'; got one at index "
              + bad);
    }
  }

  /**
   * Parses a session id.
   *
   * @param value the id as Graph returned it
   * @return the session id
   * @throws IllegalArgumentException if the value is not a session id
   */
  public static SessionId of(String value) {
    return new SessionId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
