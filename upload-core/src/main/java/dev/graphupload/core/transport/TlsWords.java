package dev.graphupload.core.transport;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Optional;

/**
 * A TLS failure in words that say what is wrong and what to do, rather than the JDK's ({@code PKIX
 * path building failed}) or a hex dump of a plain-HTTP reply.
 */
final class TlsWords {

  private TlsWords() {}

  static String explain(Throwable failure, TransportRequest request) {
    String host = request.uri().getHost();
    String target = request.uri().getScheme() + "://" + request.uri().getAuthority();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      if (t instanceof CertificateExpiredException) {
        return "The certificate of "
            + target
            + " expired"
            + after(message, "NotAfter:").map(d -> " on " + d).orElse("")
            + "; the server must renew it (or the system clock is wrong)";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "The certificate of "
            + target
            + " is not valid yet"
            + after(message, "NotBefore:").map(d -> " (from " + d + ")").orElse("")
            + "; check the system clock";
      }
      if (t instanceof CertPathBuilderException
          || message.contains("PKIX path building failed")
          || message.contains("unable to find valid certification path")) {
        return "The certificate of "
            + target
            + " is not trusted: pass --ca-cert FILE with the CA that signed it (the transport"
            + " builder's trustedCertificates)";
      }
      if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
        return "The certificate of "
            + target
            + " is not issued for "
            + host
            + " ("
            + message
            + "): use the name the certificate is issued for in the endpoint";
      }
      String lower = message.toLowerCase(Locale.ROOT);
      if (t.getClass().getSimpleName().equals("NotSslRecordException")
          || lower.contains("unrecognized ssl message")
          || lower.contains("not an ssl/tls record")) {
        return target
            + " answered in plain HTTP, not TLS: use http:// for it, or the port where it serves"
            + " https://";
      }
    }
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    return "TLS with "
        + target
        + " failed: "
        + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
  }

  private static Optional<String> after(String message, String label) {
    int at = message.indexOf(label);
    return at < 0 ? Optional.empty() : Optional.of(message.substring(at + label.length()).strip());
  }
}
