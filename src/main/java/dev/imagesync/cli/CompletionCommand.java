package dev.imagesync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imagesync completion bash|zsh}: the shell completion script of every command and flag,
 * generated from the same model as the help (picocli's), so it cannot drift. zsh runs the bash
 * script through {@code bashcompinit}, which the script enables itself.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Prints a shell completion script for bash or zsh.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(imagesync completion bash)                      (this shell)",
      "  imagesync completion bash > ~/.local/share/bash-completion/completions/imagesync",
      "  echo 'source <(imagesync completion zsh)' >> ~/.zshrc"
    })
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh")
  String shell;

  /** What picocli's script cannot know (registries logged in to, platforms), asked when completing; it takes over the completion. */
  private static String values() {
    try (java.io.InputStream in = CompletionCommand.class.getResourceAsStream("completion-values.bash")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("the JAR lacks completion-values.bash", e);
    }
  }

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "SHELL: '" + shell + "' is neither bash nor zsh");
    }
    spec.commandLine().getOut().print(picocli.AutoComplete.bash("imagesync", spec.root().commandLine()));
    spec.commandLine().getOut().print(values());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
