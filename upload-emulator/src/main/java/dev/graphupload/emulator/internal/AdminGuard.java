package dev.graphupload.emulator.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may drive the admin API ({@code /_emulator/}), which lists sessions, serves every uploaded
 * file and changes faults: a program on this machine, not a web page and not a neighbour.
 *
 * <ul>
 *   <li>Off entirely with {@code --no-admin}.
 *   <li>With an admin token (required when the emulator listens beyond loopback, and when one is
 *       given), every call carries it in {@value #TOKEN_HEADER}.
 *   <li>Listening on loopback, a call must be addressed to a loopback name or address ({@code
 *       Host}): a page whose domain was re-bound to 127.0.0.1 names its own domain there.
 *   <li>A browser's cross-site call is refused: an {@code Origin} other than the emulator's own, or
 *       {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}.
 *   <li>A call that changes state may not carry a form or {@code text/plain} body: the bodies a web
 *       page can send to another site without asking it first.
 * </ul>
 */
public final class AdminGuard {

  /** The header that carries the admin token. */
  public static final String TOKEN_HEADER = "X-Emulator-Admin-Token";

  private final boolean enabled;
  private final String token;
  private final boolean loopbackOnly;

  AdminGuard(EmulatorConfig config) {
    this.enabled = config.adminEnabled();
    this.token = config.adminToken();
    this.loopbackOnly = isLoopback(config.host());
  }

  /** Why {@code request} is refused, or empty when it may go on. */
  Optional<GraphFailure> refusal(HttpRequest request) {
    if (!enabled) {
      return Optional.of(
          GraphFailure.adminRefused(
              404, "The admin API is off (the emulator runs with --no-admin)"));
    }
    if (token != null && !sameToken(request.headers().get(TOKEN_HEADER))) {
      return Optional.of(
          GraphFailure.adminRefused(
              401,
              "The admin API needs the admin token in the "
                  + TOKEN_HEADER
                  + " header (the startup line prints it as admin-token=…)"));
    }
    String host = hostName(request.headers().get(HttpHeaderNames.HOST));
    if (loopbackOnly && (host == null || !isLoopback(host))) {
      return Optional.of(
          GraphFailure.adminRefused(
              403,
              "The admin API answers only requests addressed to a loopback name or address"
                  + " (localhost, 127.0.0.1, [::1]), not '"
                  + host
                  + "'"));
    }
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    if (origin != null && !origin.equals("null") && !sameOrigin(origin, request)) {
      return Optional.of(crossSite("Origin " + origin));
    }
    String fetchSite = request.headers().get("Sec-Fetch-Site");
    if (fetchSite != null
        && !fetchSite.equalsIgnoreCase("same-origin")
        && !fetchSite.equalsIgnoreCase("none")) {
      return Optional.of(crossSite("Sec-Fetch-Site: " + fetchSite));
    }
    if (origin != null && origin.equals("null")) {
      return Optional.of(crossSite("Origin null"));
    }
    HttpMethod method = request.method();
    if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
      String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
      String media = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
      if (media.equals("application/x-www-form-urlencoded")
          || media.equals("multipart/form-data")
          || media.equals("text/plain")) {
        return Optional.of(
            GraphFailure.adminRefused(
                415,
                "The admin API takes no "
                    + media
                    + " body (what a web page can send to another site); send"
                    + " application/json, or no body"));
      }
    }
    return Optional.empty();
  }

  private boolean sameToken(String given) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean sameOrigin(String origin, HttpRequest request) {
    try {
      URI uri = URI.create(origin);
      String host = request.headers().get(HttpHeaderNames.HOST);
      return host != null && uri.getRawAuthority() != null && uri.getRawAuthority().equals(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static GraphFailure crossSite(String what) {
    return GraphFailure.adminRefused(
        403, "The admin API refuses calls from web pages (" + what + "); call it from a program");
  }

  /** The host of a {@code Host} header: without its port, and without brackets. */
  static String hostName(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.strip();
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(1, end);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 || h.indexOf(':') != colon ? h : h.substring(0, colon);
  }

  /**
   * Whether {@code host} is a loopback name or a literal loopback address (no DNS lookup).
   *
   * @param host a host name or address, bracketed or not
   * @return {@code true} for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}
   */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.matches("[0-9a-f:]+")) {
      return false; // a name: never looked up, so no rebinding through it
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
