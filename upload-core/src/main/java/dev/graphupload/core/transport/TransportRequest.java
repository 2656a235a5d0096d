package dev.graphupload.core.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One HTTP request, as the core asks a transport to send it.
 *
 * <p>Header names are sent as given (case and underscores kept). {@link #toString()} hides the
 * value of credential headers, so a request can be logged safely.
 *
 * @param method {@code GET} or {@code POST} (any token of upper-case letters)
 * @param uri the absolute {@code http} or {@code https} URI, sent without re-encoding
 * @param headers the request headers, in the order to send them
 * @param body the body
 * @param timeout the most the whole exchange may take
 * @param maxResponseBytes the largest response body the transport must accept; a longer one fails
 *     the exchange
 * @param idleTimeout the most the exchange may go without a byte moving (written, or read): a
 *     server that stops reading a body, or never answers, is given up on after this long however
 *     long the whole exchange may take; at most {@code timeout}
 */
public record TransportRequest(
    String method,
    URI uri,
    Map<String, String> headers,
    RequestBody body,
    Duration timeout,
    int maxResponseBytes,
    Duration idleTimeout) {

  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  /**
   * A request whose idle timeout is its whole timeout.
   *
   * @param method {@code GET} or {@code POST}
   * @param uri the absolute URI
   * @param headers the headers
   * @param body the body
   * @param timeout the most the whole exchange may take, idle or not
   * @param maxResponseBytes the largest response body accepted
   */
  public TransportRequest(
      String method,
      URI uri,
      Map<String, String> headers,
      RequestBody body,
      Duration timeout,
      int maxResponseBytes) {
    this(method, uri, headers, body, timeout, maxResponseBytes, timeout);
  }

  /** An HTTP method: compiled once, as every request is checked against it. */
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");

  /** Validates the request and freezes its headers. */
  public TransportRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(timeout, "timeout");
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("An HTTP method is upper-case letters: " + method);
    }
    if (!uri.isAbsolute()
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("A request needs an absolute http(s) URI: " + uri);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("A request timeout must be positive: " + timeout);
    }
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("An idle timeout must be positive: " + idleTimeout);
    }
    if (idleTimeout.compareTo(timeout) > 0) {
      idleTimeout = timeout;
    }
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * Whether a header carries a credential, and so must never be logged.
   *
   * @param name a header name, in any case
   * @return {@code true} for {@code Authorization} and the like
   */
  public static boolean isSecretHeader(String name) {
    return SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    headers.forEach((name, value) -> shown.put(name, isSecretHeader(name) ? "[redacted]" : value));
    return "TransportRequest[" + method + " " + uri + ", headers=" + shown + ", body=" + body + "]";
  }
}
