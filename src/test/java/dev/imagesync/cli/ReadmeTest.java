package dev.imagesync.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's first screen — before Install — is what a newcomer reads: the everyday commands,
 * how to give credentials outside Actions, and what "byte for byte" rules out, each shown as a
 * command this build accepts.
 */
class ReadmeTest {

  private static String firstScreen() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    return readme.substring(0, readme.indexOf("\n## Install"));
  }

  @Test
  void theFirstScreenShowsLoginLsInspectAndHowToGiveCredentials() throws IOException {
    String first = firstScreen();
    for (String needed : List.of("imagesync login ", "imagesync ls ", "imagesync inspect ", "--src-creds", "--dest-creds", "--auth",
        "config.json", "no re-compression")) {
      assertTrue(first.contains(needed), "README's first screen lacks " + needed);
    }
    for (String line : first.lines().filter(l -> l.contains("imagesync ") && !l.startsWith("d=")).toList()) {
      String command = line.replaceAll("^.*?(imagesync .*)$", "$1").replaceAll("\\s+#.*$", "").replaceAll("\\s*\\|.*$", "").strip();
      if (command.startsWith("imagesync ") && !command.contains("`")) {
        List<String> args = List.of(command.substring("imagesync ".length()).split("\\s+"));
        Main.commandLine(args.toArray(String[]::new)).parseArgs(args.toArray(String[]::new)); // throws if this build refuses it
      }
    }
  }
}
