package dev.graphupload.core.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP response with its (small) body read.
 *
 * @param status the HTTP status code
 * @param headers the response headers; names are matched without regard to case
 * @param body the response body, at most the request's {@code maxResponseBytes}
 */
public record TransportResponse(int status, Map<String, List<String>> headers, byte[] body) {

  /** Validates the response and freezes its headers. */
  public TransportResponse {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("Not an HTTP status: " + status);
    }
    Objects.requireNonNull(body, "body");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /**
   * The first value of a header.
   *
   * @param name the header name, in any case
   * @return the value, or empty when the header is absent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The body decoded as UTF-8.
   *
   * @return the body text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "TransportResponse[" + status + ", " + body.length + " body bytes]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TransportResponse that
        && status == that.status
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * status + headers.hashCode()) + Arrays.hashCode(body);
  }
}
