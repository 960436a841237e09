package dev.imagesync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help as a newcomer reads it, the command reference under docs/ as the commands are, and
 * the completion script as bash runs it.
 */
class HelpTest {

  private static List<CommandLine> everyCommand() {
    return ReferenceDocs.commands(Main.commandLine());
  }

  /** Every option sits in a group of its kind; only a command's own options fall in "Run". */
  @Test
  void everyOptionIsInAGroup() {
    for (CommandLine c : everyCommand()) {
      for (OptionSpec o : c.getCommandSpec().options()) {
        String group = HelpLayout.groupOf(o);
        if (group.equals("Run")) {
          Class<?> declaring = java.util.Objects.requireNonNullElse(HelpLayout.declaringClass(o), Object.class);
          assertTrue(declaring.isAnnotationPresent(CommandLine.Command.class),
              c.getCommandSpec().qualifiedName() + " " + o.longestName() + " comes from " + declaring.getSimpleName() + ", which has no group");
        }
      }
    }
  }

  /** No word of a description is cut across two lines of the help (host names, URLs, flags). */
  @Test
  void noWordIsWrappedInsideItself() {
    for (CommandLine c : everyCommand()) {
      String help = ReferenceDocs.help(c);
      String joined = String.join(" ", help.lines().map(String::strip).toList());
      List<String> words = new ArrayList<>();
      c.getCommandSpec().options().forEach(o -> words.addAll(List.of(String.join(" ", o.description()).split("\\s+"))));
      c.getCommandSpec().positionalParameters().forEach(p -> words.addAll(List.of(String.join(" ", p.description()).split("\\s+"))));
      for (String word : words) {
        if (!word.contains("${") && word.length() <= 45) {
          assertTrue(joined.contains(word), c.getCommandSpec().qualifiedName() + ": '" + word + "' is cut in:\n" + help);
        }
      }
      for (String line : help.lines().toList()) {
        assertTrue(line.length() <= 80, c.getCommandSpec().qualifiedName() + ": a line wider than 80 columns: " + line);
      }
    }
  }

  @Test
  void eachCommandHasExamplesAndOnlyTheFlagsItActsOn() {
    for (CommandLine c : everyCommand()) {
      if (c.getCommandSpec().subcommands().isEmpty() && c.getCommand() != null && !(c.getCommand() instanceof Main)) {
        assertTrue(ReferenceDocs.help(c).contains("Examples:"), c.getCommandSpec().qualifiedName() + " has no examples");
      }
    }
    Map<String, CommandLine> byName = new java.util.HashMap<>();
    everyCommand().forEach(c -> byName.put(c.getCommandSpec().qualifiedName(), c));
    for (String name : List.of("imagesync plan", "imagesync queue add", "imagesync queue list", "imagesync record")) {
      assertFalse(byName.get(name).getCommandSpec().optionsMap().containsKey("--quiet"), name + " takes -q, which only sync and copy act on");
    }
    String help = ReferenceDocs.help(byName.get("imagesync sync"));
    assertTrue(help.startsWith("Usage: imagesync sync [OPTIONS] [FILE...]\n"), help);
    List<String> headings = help.lines().filter(l -> l.matches("[A-Z][a-z]+:")).toList();
    assertEquals(List.of("Inputs:", "Destination:", "Selection:", "Credentials:", "Network:", "Records:", "Output:", "Run:", "Queue:",
        "Diagnostics:", "Help:", "Examples:"), headings);
  }

  /**
   * docs/reference and docs/man are what the commands print now. After changing a command,
   * scripts/regenerate.sh writes them again (with -Dimagesync.docs.write=true).
   */
  @Test
  void theReferenceUnderDocsIsTheCommandsAsTheyAre() throws IOException {
    Map<String, String> pages = ReferenceDocs.render(Main.commandLine());
    Path docs = Path.of("docs");
    if (Boolean.getBoolean("imagesync.docs.write")) {
      for (Map.Entry<String, String> page : pages.entrySet()) {
        Files.createDirectories(docs.resolve(page.getKey()).getParent());
        Files.writeString(docs.resolve(page.getKey()), page.getValue());
      }
    }
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> page : pages.entrySet()) {
      Path file = docs.resolve(page.getKey());
      if (!Files.exists(file) || !Files.readString(file).equals(page.getValue())) {
        stale.add(page.getKey());
      }
    }
    for (String dir : List.of("reference", "man")) {
      try (var files = Files.list(docs.resolve(dir))) {
        files.map(f -> dir + "/" + f.getFileName()).filter(f -> !pages.containsKey(f)).forEach(f -> stale.add(f + " (no such command)"));
      }
    }
    assertEquals(List.of(), stale, "docs/ differs from the commands; write it again: scripts/regenerate.sh");
    assertTrue(pages.containsKey("reference/imagesync_sync.md") && pages.containsKey("man/imagesync-queue-add.1"), pages.keySet().toString());
  }

  /** docs/flags.md, the page that says more about each flag, misses none of them. */
  @Test
  void everyFlagIsExplainedInDocsFlags() throws IOException {
    String page = Files.readString(Path.of("docs/flags.md"));
    List<String> missing = new ArrayList<>();
    for (CommandLine c : everyCommand()) {
      for (OptionSpec o : c.getCommandSpec().options()) {
        if (!page.contains("`" + o.longestName()) && !page.contains(", " + o.longestName())) {
          missing.add(c.getCommandSpec().qualifiedName() + " " + o.longestName());
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void completionCompletesCommandsAndFlagsInBash() throws Exception {
    StringWriter out = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Map.of(), "completion", "bash");
    assertEquals(0, exit);
    Path script = Files.createTempFile("imagesync-completion", ".bash");
    Files.writeString(script, out.toString());
    String probe = "source " + script + " 2>/dev/null\n"
        + "ask() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; _complete_imagesync 2>/dev/null; echo \"${COMPREPLY[*]}\"; }\n"
        + "ask imagesync qu\nask imagesync sync --strict\nask imagesync queue a\n";
    Process bash = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
    String said = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
    assertEquals(List.of("queue", "--strict-platforms", "add"), said.lines().toList(), said);

    // Values: registries from docker's config.json and an --auth file on the line, platforms.
    Path home = Files.createTempDirectory("imagesync-completion-home");
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"), "{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"eDp5\"},"
        + " \"registry.cn-hangzhou.aliyuncs.com\": {\"auth\": \"eDp5\"}}, \"credHelpers\": {\"123456789012.dkr.ecr.eu-west-1.amazonaws.com\":"
        + " \"ecr-login\"}, \"credsStore\": \"desktop\"}");
    Path auth = home.resolve("auth.yaml");
    Files.writeString(auth, "harbor.example.com:5000:\n  username: u\n  password: p\nghcr.io/team:\n  username: u\n");
    String values = "source " + script + " 2>/dev/null\n"
        + "ask() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; _imagesync_complete 2>/dev/null;"
        + " echo \"${COMPREPLY[*]}\"; }\n"
        + "ask imagesync login ''\nask imagesync queue add x --platform linux/arm\nask imagesync sync l.json --auth " + auth + " --to ''\n"
        + "ask imagesync ls reg\nask imagesync sync --strict\n";
    ProcessBuilder withValues = new ProcessBuilder("bash", "-c", values).redirectErrorStream(true);
    withValues.environment().put("HOME", home.toString());
    withValues.environment().remove("DOCKER_CONFIG");
    Process asked = withValues.start();
    String answers = new String(asked.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(asked.waitFor(30, TimeUnit.SECONDS));
    assertEquals(List.of("123456789012.dkr.ecr.eu-west-1.amazonaws.com index.docker.io registry.cn-hangzhou.aliyuncs.com",
        "linux/arm64 linux/arm64/v8 linux/arm/v7 linux/arm/v6",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com ghcr.io harbor.example.com:5000 index.docker.io registry.cn-hangzhou.aliyuncs.com",
        "registry.cn-hangzhou.aliyuncs.com/", "--strict-platforms"), answers.lines().toList(), answers);

    // zsh runs the same script through its bash completion layer, which the script turns on.
    StringWriter zshOut = new StringWriter();
    assertEquals(0, Main.run(new PrintWriter(zshOut, true), new PrintWriter(new StringWriter(), true), Map.of(), "completion", "zsh"));
    Files.writeString(script, zshOut.toString());
    Process zsh;
    try {
      zsh = new ProcessBuilder("zsh", "-fc", "source " + script + " && print -r -- ${_comps[imagesync]}").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("this test runs zsh: apt-get install -y zsh (scripts/test.sh installs it)", e);
    }
    String zshSaid = new String(zsh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(zsh.waitFor(30, TimeUnit.SECONDS));
    assertEquals("_bash_complete -F _imagesync_complete -o default", zshSaid.strip(), "zsh registered the completion: " + zshSaid);
    Files.delete(script);

    StringWriter err = new StringWriter();
    assertEquals(2, Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Map.of(), "completion", "fish"));
    assertTrue(err.toString().contains("'fish' is neither bash nor zsh"), err.toString());
  }
}
