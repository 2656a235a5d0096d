package dev.graphupload.cli;

import dev.graphupload.core.ChunkPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --chunk-size}: a size such as {@code 8M} (at least 16k), or {@code auto}. */
final class ChunkSizeConverter implements ITypeConverter<ChunkPolicy> {

  /** The smallest chunk the command takes: below it, requests cost more than bytes. */
  static final long MIN_CHUNK = 16 * 1024;

  @Override
  public ChunkPolicy convert(String text) {
    if (text.equals("auto")) {
      return ChunkPolicy.auto();
    }
    long bytes;
    try {
      bytes = Sizes.parse(text);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (bytes < MIN_CHUNK) {
      throw new TypeConversionException(
          text + " is too small: each chunk is a request, so at least 16k (or auto)");
    }
    return ChunkPolicy.fixed(bytes);
  }
}
