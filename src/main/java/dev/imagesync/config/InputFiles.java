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

  /** What a list named {@code -} is called in messages and origins. */
  static final String STANDARD_INPUT = "standard input";

  /** Whether {@code file} is {@code -}: the list comes on standard input. */
  static boolean isStandardInput(Path file) {
    return file.toString().equals("-");
  }

  /** Standard input whole, with the checks a file gets. */
  static String readStandardInput(java.io.InputStream in) {
    try {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new InputException(STANDARD_INPUT + ": more than 4 MiB; an image list is at most 4 MiB");
      }
      return decode(STANDARD_INPUT, bytes);
    } catch (CharacterCodingException e) {
      throw new InputException(STANDARD_INPUT + ": is not UTF-8 text");
    } catch (IOException e) {
      throw new InputException(STANDARD_INPUT + ": cannot read it (" + (e.getMessage() == null ? "read error" : e.getMessage()) + ")");
    }
  }

  private static String decode(String name, byte[] bytes) throws CharacterCodingException {
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
  }

  static String readText(Path file) {
    String name = file.toString();
    try {
      java.nio.file.attribute.BasicFileAttributes attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        throw new InputException(name + ": is a directory, not a list of images");
      }
      if (!attributes.isRegularFile()) {
        // A FIFO would block for good, a device like /dev/zero never ends.
        throw new InputException(name + ": is not a regular file (a device, pipe or socket); give a file, or - for standard input");
      }
      long size = attributes.size();
      if (size > MAX_BYTES) {
        throw new InputException(name + ": the file is " + size / (1 << 20) + " MiB; an image list is at most 4 MiB");
      }
      return decode(name, Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (CharacterCodingException e) {
      throw new InputException(name + ": is not UTF-8 text");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new InputException(name + ": permission denied");
    } catch (java.nio.file.FileSystemException e) {
      // e.g. "Too many levels of symbolic links": the system's own words
      throw new InputException(name + ": cannot read it (" + (e.getReason() == null ? "file system error" : e.getReason().toLowerCase(java.util.Locale.ROOT)) + ")");
    } catch (IOException e) {
      throw new InputException(name + ": cannot read it (" + (e.getMessage() == null ? "read error" : e.getMessage()) + ")");
    }
  }
}
