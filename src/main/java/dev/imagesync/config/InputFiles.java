package dev.imagesync.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads an input file whole, refusing what is missing, huge, binary or not UTF-8 in plain words. */
final class InputFiles {

  /** Larger than any hand-kept list; a bigger file is almost certainly the wrong file. */
  static final long MAX_BYTES = 4L << 20;

  private InputFiles() {}

  static String readText(Path file) {
    String name = file.toString();
    try {
      if (Files.isDirectory(file)) {
        throw new InputException(name + ": is a directory, not a list of images");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new InputException(name + ": the file is " + size / (1 << 20) + " MiB; an image list is at most 4 MiB");
      }
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          throw new InputException(name + ": is a binary file, not a list of images");
        }
      }
      String text =
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (CharacterCodingException e) {
      throw new InputException(name + ": is not UTF-8 text");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new InputException(name + ": permission denied");
    } catch (IOException e) {
      throw new InputException(name + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }
}
