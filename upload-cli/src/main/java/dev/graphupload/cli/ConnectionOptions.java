package dev.graphupload.cli;

import dev.graphupload.core.ChunkPolicy;
import dev.graphupload.core.GraphUploader;
import dev.graphupload.core.RetryPolicy;
import dev.graphupload.core.store.SessionStore;
import dev.graphupload.core.store.SessionStoreException;
import dev.graphupload.core.transport.Endpoints;
import dev.graphupload.core.transport.TrustedCertificates;
import dev.graphupload.emulator.GraphEmulator;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where to upload and with what: the options {@code upload}, {@code status} and {@code sessions}
 * share, checked, each refusal naming its flag. Every value comes through the settings' layers
 * (flag, environment, config file: {@link Settings}); {@link Connection} wires the uploader, {@link
 * StoreLocation} decides the store's kind, {@link EmbeddedEmulator} starts the local emulator when
 * neither a token nor a base URL is given.
 */
final class ConnectionOptions {

  String appId;
  String token;
  String tokenFile;
  String baseUrl;
  String apiVersion;
  String transport;
  boolean http2;
  String store;
  boolean allowInsecureHttp;
  Path caCert;
  String maxAttempts;
  boolean verbose;

  /** The command these options were declared in: which of them the command line gave. */
  private CommandSpec command;

  private String resolvedToken;
  private boolean resolved;

  /**
   * Adds these options to a command's model, bound to these fields.
   *
   * @param spec the command's model
   */
  void declare(CommandSpec spec) {
    command = spec;
    spec.addOption(
        CommandModel.option(
                "--app-id",
                "ID",
                String.class,
                id -> appId = id,
                "The Meta app id (digits); default $GRAPH_APP_ID.")
            .build());
    spec.addOption(
        CommandModel.option(
                "--token",
                "T",
                String.class,
                t -> token = t,
                "The access token; default $GRAPH_ACCESS_TOKEN (never the config file). Other local"
                    + " users can read a command's arguments: prefer --token-file or the"
                    + " environment.")
            .build());
    spec.addOption(
        CommandModel.option(
                "--token-file",
                "FILE|-",
                String.class,
                file -> tokenFile = file,
                "Read the access token from the first line of FILE (mode 600: a file others can"
                    + " read is refused), or from standard input with -; default the config file's"
                    + " token-file.")
            .build());
    spec.addOption(
        CommandModel.option(
                "--base-url",
                "URL",
                String.class,
                url -> baseUrl = url,
                "Scheme, host and port of the Graph API; default $GRAPH_UPLOAD_BASE_URL, else"
                    + " https://graph.facebook.com.")
            .build());
    spec.addOption(
        CommandModel.option(
                "--api-version",
                "V",
                String.class,
                version -> apiVersion = version,
                "The Graph API version; default ${DEFAULT-VALUE}.")
            .defaultValue("v24.0")
            .build());
    spec.addOption(
        CommandModel.option(
                "--transport",
                "jdk|netty",
                String.class,
                name -> transport = name,
                "The HTTP transport; default ${DEFAULT-VALUE}.")
            .defaultValue("jdk")
            .build());
    spec.addOption(
        CommandModel.flag(
            "--http2",
            on -> http2 = on,
            "Speak HTTP/2 to an https:// server that offers it (the jdk transport): many uploads"
                + " share a connection, on less CPU (docs/BENCHMARKS.md)."));
    spec.addOption(
        CommandModel.option(
                "--store",
                "DIR|redis://HOST:PORT|memory",
                String.class,
                where -> store = where,
                "Where session records live: a directory, memory, or Redis (redis://HOST:PORT — a"
                    + " server or any node of a cluster —, redis://H1:P1,H2:P2 for a cluster's"
                    + " seeds, rediss://…, redis-sentinel://HOST:PORT#MASTER); default"
                    + " $GRAPH_UPLOAD_STORE, else $GRAPH_UPLOAD_HOME/sessions, else"
                    + " $HOME/.graph-upload/sessions.")
            .build());
    spec.addOption(
        CommandModel.flag(
            "--allow-insecure-http",
            allow -> allowInsecureHttp = allow,
            "Allow plain http:// to a host that is not loopback (the token then crosses the"
                + " network in clear)."));
    spec.addOption(
        CommandModel.option(
                "--ca-cert",
                "PEM",
                Path.class,
                pem -> caCert = pem,
                "Trust only the certificates in this PEM file for https:// (a private CA, or the"
                    + " ca-cert the emulator prints with --tls).")
            .build());
    spec.addOption(
        CommandModel.option(
                "--max-attempts",
                "N",
                String.class,
                attempts -> maxAttempts = attempts,
                "Failures in a row (since the server last confirmed bytes) before giving up;"
                    + " default $GRAPH_UPLOAD_MAX_ATTEMPTS, else 8.")
            .build());
    spec.addOption(
        CommandModel.flag(
            "--verbose",
            on -> verbose = on,
            "Show informational logs, and stack traces of errors."));
  }

  /**
   * Opens the store alone (no uploader, no emulator), runs {@code use} on it, and closes it: for
   * the commands that only read or clear records.
   *
   * @param use what to do with the store
   * @param <T> its result
   * @return the result
   */
  <T> T withStore(Function<SessionStore, T> use) {
    SessionStore store;
    try {
      store = location().open(leaseTime);
    } catch (IllegalArgumentException | SessionStoreException e) {
      throw new UsageException(e.getMessage());
    }
    try {
      return use.apply(store);
    } finally {
      Connection.closeQuietly(store);
    }
  }

  /** Whether the upload keeps and compares digests of the content (--verify-content). */
  boolean verifyContent;

  /** The largest file accepted (--max-file-size), when the command sets one. */
  Long maxFileLength;

  /** The Redis store's lease time, when the command sets one (--lease); else the store's own. */
  Duration leaseTime;

  /** Where records live: the --store value, else the data home's sessions directory. */
  StoreLocation location() {
    return StoreLocation.parse(store);
  }

  /**
   * Checks the options and wires the uploader they describe: to the embedded emulator when neither
   * a token nor a base URL is given.
   *
   * @param chunks the chunk policy
   * @param notices where to say that the embedded emulator is used
   * @throws UsageException for a refused value, naming its flag
   */
  Connection connect(ChunkPolicy chunks, PrintStream notices) {
    String secret = token();
    RetryPolicy retries = retryPolicy(); // checked here, not inside the wiring, to name the flag
    if (caCert != null) {
      try {
        TrustedCertificates.trustManagers(caCert);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--ca-cert: " + e.getMessage());
      }
    }
    if (!transport.equals("jdk") && !transport.equals("netty")) {
      throw new UsageException("unknown transport '" + transport + "'; use jdk or netty");
    }
    if (http2 && !transport.equals("jdk")) {
      throw new UsageException(
          "--http2 is the jdk transport's (the netty transport speaks HTTP/1.1): drop --http2, or"
              + " use --transport jdk");
    }
    GraphEmulator emulator = null;
    URI endpoint;
    String app = appId;
    if (secret == null && baseUrl == null) {
      try {
        emulator = EmbeddedEmulator.start(appId);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
      endpoint = emulator.baseUrl();
      secret = emulator.token();
      app = emulator.appId();
      notices.println(
          "No token and no --base-url: uploading to a local Graph emulator at "
              + endpoint
              + " (data in "
              + emulator.dataDirectory()
              + ")");
    } else {
      endpoint = endpoint(baseUrl);
      if (secret == null) {
        throw new UsageException(
            "no access token: set GRAPH_ACCESS_TOKEN, or pass --token-file FILE (or --token)");
      }
      if (app == null) {
        throw new UsageException("--app-id is needed to upload to " + endpoint);
      }
    }
    Secrets.remember(secret);
    return Connection.open(this, endpoint, app, secret, chunks, retries, emulator);
  }

  /**
   * The access token: the {@code --token} flag, else {@code --token-file} (flag or config file),
   * else {@code GRAPH_ACCESS_TOKEN}. A token on the command line is warned about once, on standard
   * error even with {@code --quiet}.
   *
   * @return the token, or null when none is given
   */
  String token() {
    if (resolved) {
      return resolvedToken;
    }
    boolean onCommandLine = matched("--token");
    String secret = token != null && !token.isBlank() ? token : null;
    boolean file = tokenFile != null && !tokenFile.isBlank();
    if (onCommandLine && secret != null) {
      System.err.println(
          "graph-upload: warning: --token can be read by other users of this machine (ps,"
              + " /proc) while the command runs; use --token-file FILE or GRAPH_ACCESS_TOKEN");
    } else if (file && (matched("--token-file") || secret == null)) {
      // a --token-file flag wins over the environment; the config file's only fills a gap
      secret = TokenFile.read(tokenFile, System.in);
    }
    resolvedToken = secret;
    resolved = true;
    return secret;
  }

  private boolean matched(String option) {
    return command != null && command.commandLine().getParseResult().hasMatchedOption(option);
  }

  /**
   * The endpoint the user configured (flag, environment, config file, else Graph's): the only one
   * the token is sent to, whatever a stored record names.
   */
  URI configuredEndpoint() {
    return endpoint(baseUrl);
  }

  private URI endpoint(String url) {
    if (url == null) {
      return GraphUploader.DEFAULT_ENDPOINT;
    }
    if (!url.contains("://")) {
      throw new UsageException(
          "--base-url '"
              + url
              + "' has no scheme: write it as https://"
              + url
              + " (or http:// for a local emulator)");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UsageException("--base-url '" + url + "' is not a URL: " + e.getReason());
    }
    if (uri.getScheme() == null
        || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new UsageException(
          "--base-url '"
              + url
              + "' must be http(s)://HOST[:PORT], such as https://graph.facebook.com");
    }
    if (!Endpoints.isAllowed(uri, allowInsecureHttp)) {
      throw new UsageException(Endpoints.refusal(uri) + " (--allow-insecure-http)");
    }
    return uri;
  }

  /** Retries by the library's defaults; --max-attempts (or its variable) sets the attempts. */
  private RetryPolicy retryPolicy() {
    if (maxAttempts == null || maxAttempts.isBlank()) {
      return RetryPolicy.ofDefaults();
    }
    try {
      return RetryPolicy.custom().maxAttempts(Integer.parseInt(maxAttempts.trim())).build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--max-attempts (or GRAPH_UPLOAD_MAX_ATTEMPTS) must be a whole number of at least 1;"
              + " got '"
              + maxAttempts
              + "'");
    }
  }
}
