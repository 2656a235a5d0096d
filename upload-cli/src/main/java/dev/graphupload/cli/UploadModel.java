package dev.graphupload.cli;

import dev.graphupload.core.ChunkPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The model of {@code graph-upload upload}, built in code ({@link CommandModel}): its arguments,
 * each with the field of {@link UploadCommand} it fills, and the connection options it shares with
 * {@code status} ({@link ConnectionOptions#declare}).
 */
final class UploadModel {

  private UploadModel() {}

  /**
   * The model of {@code upload}, bound to {@code c}'s fields.
   *
   * @param c the command the model runs and fills
   * @return the model; its user object is {@code c}
   */
  @SuppressWarnings("unchecked")
  static CommandSpec of(UploadCommand c) {
    CommandSpec spec =
        CommandModel.command(
            c,
            "upload",
            new String[] {
              "Uploads files to Graph and prints their handles. Killed or interrupted, the same command resumes where it stopped.",
              "With no token and no --base-url it uploads to a local Graph emulator."
            },
            new String[] {
              "Exit codes: 0 done; 2 bad usage or bad input; 3 rejected by the server;",
              "            4 gave up after retries; 130 interrupted (143 on SIGTERM).",
              "An option whose default names a $VARIABLE reads it from the environment; flags win."
            });
    spec.addPositional(
        CommandModel.positional(
                "FILE",
                "1..*",
                List.class,
                files -> c.files = files,
                "The files to upload (.pdf, .jpg, .jpeg, .png, .mp4); - reads standard input (with"
                    + " --name), copied to a spool file first, as big as the input.")
            .auxiliaryTypes(Path.class)
            .build());
    spec.addOption(
        CommandModel.option(
                "--name",
                "NAME",
                String.class,
                name -> c.name = name,
                "The file name Graph shows (such as clip.mp4); default the file's own. Its extension"
                    + " gives the type unless --type is set. One FILE only.")
            .build());
    spec.addOption(
        CommandModel.option(
                "--type",
                "MIME",
                String.class,
                type -> c.type = type,
                "The type Graph is told (application/pdf, image/jpeg, image/jpg, image/png,"
                    + " video/mp4); default the name's. The content must match it. One FILE only.")
            .build());
    spec.addOption(
        CommandModel.option(
                "--key",
                "KEY",
                String.class,
                key -> c.key = key,
                "Resume by this key instead of by the file's path: an upload with the same key and"
                    + " the same bytes resumes, wherever the file is now; other bytes under the key"
                    + " start anew. Standard input defaults to its SHA-256. One FILE only.")
            .build());
    spec.addOption(
        CommandModel.option(
                "--max-file-size",
                "SIZE",
                String.class,
                size -> c.maxFileSize = size,
                "The largest file accepted (such as 32G); default 16G.")
            .build());
    c.connection.declare(spec);
    spec.addOption(
        CommandModel.option(
                "--chunk-size",
                "SIZE|auto",
                ChunkPolicy.class,
                chunks -> c.chunkSize = chunks,
                "Bytes per request (such as 8M), or auto to adapt them; default the whole file in"
                    + " one request.")
            .converters(new ChunkSizeConverter())
            .build());
    spec.addOption(
        CommandModel.flag(
            "--json",
            json -> c.json = json,
            "Print one JSON object per file: handle, sessionId, bytes, bytesSent, outcome (uploaded,"
                + " resumed, already-uploaded, done-elsewhere, taken-over), resumed, elapsedMs."));
    spec.addOption(
        CommandModel.flag("--quiet", quiet -> c.quiet = quiet, "Print nothing but the result."));
    spec.addOption(
        CommandModel.option(
                "--parallel",
                "N",
                int.class,
                parallel -> c.parallel = parallel,
                "Files uploaded at once; default ${DEFAULT-VALUE}.")
            .defaultValue("2")
            .build());
    spec.addOption(
        CommandModel.flag(
            "--no-wait",
            noWait -> c.noWait = noWait,
            "Fail at once on a file another upload holds, instead of coming back to it until that"
                + " upload finishes it (done elsewhere) or lets go (then this one takes it over)."));
    spec.addOption(
        CommandModel.option(
                "--lease",
                "TIME",
                Duration.class,
                lease -> c.lease = lease,
                "With a Redis store: how long a worker's hold on a file lasts unless renewed (such"
                    + " as 30s or 2m; default 30s). A worker that dies lets go of its files after"
                    + " this long; another then takes them over. Renewed every third of it.")
            .converters(new LeaseConverter())
            .build());
    spec.addOption(
        CommandModel.flag(
            "--verify-content",
            verify -> c.verifyContent = verify,
            "Keep the SHA-256 of the bytes the server confirmed, and compare the file with them"
                + " before resuming or reusing a handle: a file whose only change is a chmod, a hard"
                + " link or a copy put back is then not sent again, and one edited with its time set"
                + " back is. Costs a second read of each byte."));
    return CommandModel.withStandardHelp(spec);
  }
}
