/** The {@code graph-upload} command: {@link dev.graphupload.cli.Main}. */
package dev.graphupload.cli;
