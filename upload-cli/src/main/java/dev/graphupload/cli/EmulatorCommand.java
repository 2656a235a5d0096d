package dev.graphupload.cli;

import dev.graphupload.emulator.EmulatorMain;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code graph-upload emulator [options]}: runs the local Graph emulator in the foreground, with
 * exactly the options, startup line and admin API of the emulator's own command.
 */
@Command(
    name = "emulator",
    description =
        "Runs a local Graph Resumable Upload emulator until stopped; 'graph-upload emulator --help' lists its options.")
final class EmulatorCommand implements Runnable {

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public void run() {
    EmulatorMain.main(args.toArray(new String[0]));
  }
}
