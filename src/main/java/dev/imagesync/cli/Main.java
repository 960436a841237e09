package dev.imagesync.cli;

import dev.imagesync.config.InputException;
import dev.imagesync.secrets.Printable;
import dev.imagesync.secrets.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code imagesync}: the entry point. Subcommands do the work; this class only wires picocli. */
@Command(
    name = "imagesync",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Copies container images between registries, byte for byte.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every tag was copied or already up to date",
      "1:at least one image failed (the others were still copied), or records could not be written",
      "2:bad input or usage; nothing was copied"
    })
public final class Main implements Runnable {

  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  /** Set by --debug: errors also print their stack trace. */
  static volatile boolean debug;

  /** The environment commands read (the process's; tests pass their own). */
  static volatile java.util.Map<String, String> environment = System.getenv();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = run(args);
    TrainingTour.runIfTraining(); // bin/imagesync's training run only
    System.exit(code);
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return run(utf8(System.out), utf8(System.err), System.getenv(), args);
  }

  /** Runs the CLI with picocli's own output going to {@code out} and {@code err}, and {@code env} as environment. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, java.util.Map<String, String> env, String... args) {
    Logging.init();
    debug = false;
    environment = env;
    CommandLine cli = commandLine(args);
    cli.setOut(out).setErr(err);
    // A wrong flag or value: one line that says what and where to look, not the whole usage.
    cli.setParameterExceptionHandler((e, args2) -> {
      CommandLine failed = e.getCommandLine();
      failed.getErr().println("imagesync: " + Secrets.redact(e.getMessage().lines().findFirst().orElse("")) + " (see: imagesync "
          + (failed.getCommandName().equals("imagesync") ? "" : failed.getCommandName() + " ") + "--help)");
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (debug) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            commandLine.getErr().print(Secrets.redact(trace.toString()));
          }
          if (e instanceof InputException) {
            commandLine.getErr().println("imagesync: " + Printable.escaped(Secrets.redact(e.getMessage())));
            return EXIT_USAGE;
          }
          if (e instanceof dev.imagesync.registry.RegistryException) {
            // What a registry refused or failed, in its one line (ls, inspect, tag).
            commandLine.getErr().println("imagesync: " + Printable.escaped(Secrets.redact(e.getMessage())));
            return EXIT_FAILED;
          }
          if (e instanceof dev.imagesync.queue.QueueException) {
            commandLine.getErr().println("imagesync: " + Printable.escaped(Secrets.redact(e.getMessage())));
            return EXIT_FAILED;
          }
          commandLine.getErr().println(Secrets.redact("imagesync: internal error: " + e) + (debug ? "" : " (run with --debug for details)"));
          return EXIT_FAILED;
        });
    return cli.execute(args);
  }

  /**
   * The command tree for {@code args}: the subcommand they name, or every one (for help, usage and
   * completion), laid out for help. The reference under docs/ is rendered from {@code commandLine()}.
   */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(CommandModels.of(new Main()));
    addSubcommands(cli, args);
    HelpLayout.apply(cli);
    return cli;
  }

  /** The subcommands, in the order help lists them. */
  static final java.util.Map<String, java.util.function.Supplier<Object>> COMMANDS = new java.util.LinkedHashMap<>();

  static {
    COMMANDS.put("sync", SyncCommand::new);
    COMMANDS.put("plan", PlanCommand::new);
    COMMANDS.put("copy", CopyCommand::new);
    COMMANDS.put("ls", LsCommand::new);
    COMMANDS.put("inspect", InspectCommand::new);
    COMMANDS.put("tag", TagCommand::new);
    COMMANDS.put("delete", DeleteCommand::new);
    COMMANDS.put("audit", AuditCommand::new);
    COMMANDS.put("login", LoginCommand::new);
    COMMANDS.put("logout", LogoutCommand::new);
    COMMANDS.put("record", RecordCommand::new);
    COMMANDS.put("queue", QueueCommand::new);
    COMMANDS.put("completion", CompletionCommand::new);
  }

  /**
   * Adds the subcommand named first on the command line, or all of them when none is (for help
   * and usage). Building picocli's model of every command took a tenth of a second of each start;
   * a run needs only its own. The models are built by code ({@link CommandModels}), not read
   * from the annotations; picocli's own {@code help} command, read from its annotations, is only
   * there when every command is.
   */
  private static void addSubcommands(CommandLine cli, String... args) {
    String named = args.length > 0 ? args[0] : "";
    if (COMMANDS.containsKey(named) && !named.equals("completion")) { // completion is of every command
      cli.addSubcommand(named, new CommandLine(CommandModels.of(COMMANDS.get(named).get())));
    } else {
      COMMANDS.forEach((name, command) -> cli.addSubcommand(name, new CommandLine(CommandModels.of(command.get()))));
      cli.addSubcommand("help", new CommandLine.HelpCommand());
    }
  }

  private static java.io.PrintWriter utf8(java.io.PrintStream stream) {
    return new java.io.PrintWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (try: imagesync sync images.json --to REGISTRY/NAMESPACE)");
  }

  /** The version the build wrote (from the pom), for the JAR and the container image alike. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = dev.imagesync.registry.ImagesyncVersion.current();
      return new String[] {"imagesync " + (v == null ? "(development build)" : v)};
    }
  }
}
