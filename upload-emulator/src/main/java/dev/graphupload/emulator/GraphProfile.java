package dev.graphupload.emulator;

import java.util.Locale;
import java.util.Objects;

/**
 * The emulator's answers where Graph's documentation is silent, chosen together: the handle's
 * shape, the offset mismatch's spelling, and the reply to a send that leaves bytes to come.
 * docs/FIDELITY.md gives the evidence for each.
 *
 * @param handles the shape of file handles
 * @param mismatch how an offset mismatch is spelled
 * @param partialReply the reply to a partial send
 */
public record GraphProfile(
    HandleFormat handles, MismatchError mismatch, PartialReply partialReply) {

  /** What the emulator has always answered: {@code 2:} handles, 100/1363037, an offset. */
  public static final GraphProfile CLASSIC =
      new GraphProfile(HandleFormat.V2, MismatchError.CODE_100, PartialReply.OFFSET_JSON);

  /**
   * The shapes seen in public captures of live Graph: {@code 4::} handles, 6001/1363037 with {@code
   * error_data}; a partial send answered {@code {"success":true}} (no public capture shows this
   * reply: it is the least the client may be told).
   */
  public static final GraphProfile OBSERVED =
      new GraphProfile(HandleFormat.V4, MismatchError.CODE_6001, PartialReply.SUCCESS);

  /** Validates the profile. */
  public GraphProfile {
    Objects.requireNonNull(handles, "handles");
    Objects.requireNonNull(mismatch, "mismatch");
    Objects.requireNonNull(partialReply, "partialReply");
  }

  /**
   * A named profile.
   *
   * @param name {@code classic} or {@code observed}
   * @return the profile
   * @throws IllegalArgumentException for another name
   */
  public static GraphProfile named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "classic" -> CLASSIC;
      case "observed" -> OBSERVED;
      default -> throw new IllegalArgumentException("use classic or observed; got '" + name + "'");
    };
  }
}
