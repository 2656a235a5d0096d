package dev.graphupload.core.transport;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The rule every transport applies before a byte leaves: plain {@code http://} only to a loopback
 * host, unless the user explicitly allowed it, so a token never crosses a network in clear text by
 * accident.
 */
public final class Endpoints {

  /** A literal IPv4 or bracketed IPv6 address: checked on every request, so compiled once. */
  private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9.]+|\\[[0-9a-fA-F:.]+\\]");

  private Endpoints() {}

  /**
   * {@code value} as a Graph base URL: scheme ({@code http} or {@code https}), host, port and an
   * optional path prefix, with nothing else.
   *
   * @param value the URL
   * @return the URL without user info, query or fragment
   * @throws IllegalArgumentException if it is not such a URL
   */
  public static URI baseUrl(URI value) {
    if (!("https".equals(value.getScheme()) || "http".equals(value.getScheme()))
        || value.getHost() == null
        || value.getRawQuery() != null
        || value.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "The endpoint is a base URL such as https://graph.facebook.com; got " + value);
    }
    try {
      return new URI(
          value.getScheme(), null, value.getHost(), value.getPort(), value.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The endpoint is not a valid URL: " + value, e);
    }
  }

  /**
   * Whether the URI's host is this machine: {@code localhost}, or a literal loopback address. Names
   * other than {@code localhost} are never resolved: a DNS answer is no proof of loopback.
   *
   * @param uri an absolute URI
   * @return {@code true} for a loopback host
   */
  public static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!ADDRESS_LITERAL.matcher(host).matches()) {
      return false;
    }
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Whether a request to {@code uri} may be sent: always for {@code https}, for {@code http} only
   * to loopback unless insecure HTTP is allowed.
   *
   * @param uri the request's URI
   * @param allowInsecureHttp whether plain HTTP to any host was explicitly allowed
   * @return {@code true} if the request may go
   */
  public static boolean isAllowed(URI uri, boolean allowInsecureHttp) {
    return !"http".equalsIgnoreCase(uri.getScheme()) || allowInsecureHttp || isLoopback(uri);
  }

  /**
   * The message for a refused plain-HTTP request; names the host, never the request's headers.
   *
   * @param uri the refused URI
   * @return the message
   */
  public static String refusal(URI uri) {
    return "Refusing plain http:// to "
        + uri.getHost()
        + ": the access token would cross the network unencrypted. Use https://, or allow"
        + " insecure HTTP explicitly";
  }
}
