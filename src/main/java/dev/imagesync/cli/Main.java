package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code imagesync}: the entry point. Subcommands do the work; this class only wires picocli. */
@Command(
    name = "imagesync",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Copies container images between registries, byte for byte.",
    subcommands = {SyncCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every tag was copied or already up to date",
      "1:at least one image failed (the others were still copied)",
      "2:bad input or usage; nothing was copied"
    })
public final class Main implements Runnable {

  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    Logging.init();
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof InputException) {
            commandLine.getErr().println("imagesync: " + e.getMessage());
            return EXIT_USAGE;
          }
          throw e;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: imagesync sync images.json --to REGISTRY/NAMESPACE)");
  }

  /** The version from the JAR's manifest, so there is one place it is written (the pom). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"imagesync " + (v == null ? "(development build)" : v)};
    }
  }
}
