package dev.graphupload.core;

import java.util.Optional;
import java.util.function.Function;

/** The type Graph is told, from the name or as given, checked against the content's first bytes. */
final class TypeCheck {

  private TypeCheck() {}

  /**
   * The type of an upload.
   *
   * @param name the name Graph is told
   * @param given the type given by the caller, if any
   * @param nameGiven whether the name was given (rather than the file's own)
   * @param head the content's first bytes
   * @param headLength how many of them there are
   * @param invalid makes the exception for a reason
   * @return the type
   */
  static FileType check(
      String name,
      Optional<FileType> given,
      boolean nameGiven,
      byte[] head,
      int headLength,
      Function<String, InvalidFileException> invalid) {
    FileType type =
        given
            .or(() -> FileType.fromFileName(name))
            .orElseThrow(
                () ->
                    invalid.apply(
                        (nameGiven ? "the name '" + name + "' has" : "its extension is")
                            + " not one Graph accepts (.pdf, .jpg, .jpeg, .png, .mp4); give the"
                            + " name Graph should show (fileName, or the command's --name) or the"
                            + " type (fileType, --type)"));
    Optional<FileType> byContent = MagicBytes.detect(head, headLength);
    if (byContent.isEmpty()) {
      return fail(invalid, "its content is not a " + type + " file (its first bytes do not match)");
    }
    if (!byContent.get().sameFormatAs(type)) {
      return fail(
          invalid,
          (given.isPresent()
                  ? "its type was given as "
                  : nameGiven ? "the name '" + name + "' says " : "its extension says ")
              + type
              + " but its content is "
              + byContent.get()
              + (given.isPresent() || nameGiven
                  ? "; give the type of the content"
                  : "; rename it or pick the right file"));
    }
    return type;
  }

  private static FileType fail(Function<String, InvalidFileException> invalid, String reason) {
    throw invalid.apply(reason);
  }
}
