package dev.imagesync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@link CommandModels} is the model picocli reads out of the commands' annotations, built by
 * code: the two are compared here attribute by attribute, and the file must be what
 * {@link CommandModelSource} writes from the annotations now.
 */
class CommandModelTest {

  static final Path SOURCE = Path.of("src/main/java/dev/imagesync/cli/CommandModels.java");

  /** The tree as picocli reflects it out of the annotations (what {@code Main.commandLine()} was before CommandModels). */
  static CommandLine reflected() {
    CommandLine cli = new CommandLine(new Main());
    Main.COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    cli.addSubcommand("help", new CommandLine.HelpCommand());
    HelpLayout.apply(cli);
    return cli;
  }

  @Test
  void theFileIsWhatTheAnnotationsWriteNow() throws Exception {
    List<Object> commands = new ArrayList<>(List.of(new Main()));
    Main.COMMANDS.values().forEach(command -> commands.add(command.get()));
    String now = CommandModelSource.render(commands);
    if (Boolean.getBoolean("imagesync.docs.write")) {
      Files.writeString(SOURCE, now, StandardCharsets.UTF_8);
    }
    assertEquals(now, Files.readString(SOURCE, StandardCharsets.UTF_8),
        SOURCE + " differs from the annotations; write it again: scripts/regenerate.sh");
  }

  @Test
  void theBuiltModelIsTheReflectedOne() {
    String reflected = describe(reflected().getCommandSpec());
    String built = describe(Main.commandLine().getCommandSpec());
    if (!reflected.equals(built)) { // the whole of both, for diff
      try {
        Files.writeString(Path.of("target/model-reflected.txt"), reflected);
        Files.writeString(Path.of("target/model-built.txt"), built);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    assertEquals(reflected, built, "the models differ: diff target/model-reflected.txt target/model-built.txt");
  }

  @Test
  void aSingleCommandsModelIsItsPartOfTheWhole() {
    for (String name : Main.COMMANDS.keySet()) {
      if (!name.equals("completion")) {
        CommandSpec alone = Main.commandLine(name).getSubcommands().get(name).getCommandSpec();
        assertEquals(describe(reflected().getSubcommands().get(name).getCommandSpec()), describe(alone), name);
      }
    }
  }

  @Test
  void theCommandObjectSeesWhatWasParsed() {
    CommandLine cli = Main.commandLine("copy", "--arch", "arm64", "--arch", "amd64", "--retries", "5", "--dry-run", "a:1", "b:2");
    CommandLine.ParseResult parsed = cli.parseArgs("copy", "--arch", "arm64", "--arch", "amd64", "--retries", "5", "--dry-run", "a:1", "b:2");
    CopyCommand copy = (CopyCommand) parsed.subcommand().commandSpec().userObject();
    assertEquals(List.of("arm64", "amd64"), copy.architectures);
    assertEquals(true, copy.dryRun);
    assertEquals("a:1", copy.source);
    assertEquals("b:2", copy.destination);
    assertEquals(copy.spec, parsed.subcommand().commandSpec());
    assertEquals(5, copy.registries.retries);
  }

  @picocli.CommandLine.Command(name = "odd")
  static final class SplitOption {
    @picocli.CommandLine.Option(names = "--item", split = ",")
    List<String> items;
  }

  @Test
  void whatTheGeneratorCannotCarryIsRefusedByName() {
    IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> CommandModelSource.render(List.of(new SplitOption())));
    org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("split") && refused.getMessage().contains("items"),
        refused.getMessage());
  }

  /** Everything of a command's model that parsing, help or the docs read, as text, with its subcommands'. */
  static String describe(CommandSpec spec) {
    StringBuilder d = new StringBuilder();
    describe(spec, d);
    return d.toString();
  }

  private static void describe(CommandSpec spec, StringBuilder d) {
    d.append("command ").append(spec.qualifiedName()).append(" aliases=").append(Arrays.toString(spec.aliases()))
        .append(" mixins=").append(spec.mixins().keySet()).append(" standardHelp=").append(spec.mixinStandardHelpOptions())
        .append(" version=").append(Arrays.toString(spec.version())).append(" helpCommand=").append(spec.helpCommand())
        .append(" exitOnSuccess=").append(spec.exitCodeOnSuccess()).append(" interpolate=").append(spec.interpolateVariables())
        .append(" user=").append(spec.userObject().getClass().getName()).append('\n');
    UsageMessageSpec u = spec.usageMessage();
    d.append("  usage description=").append(Arrays.toString(u.description())).append(" header=").append(Arrays.toString(u.header()))
        .append(" footer=").append(Arrays.toString(u.footer())).append(" headings=").append(List.of(u.headerHeading(), u.synopsisHeading(),
            u.descriptionHeading(), u.parameterListHeading(), u.optionListHeading(), u.commandListHeading(), u.footerHeading(),
            u.exitCodeListHeading())).append(" exitCodes=").append(u.exitCodeList()).append(" hidden=").append(u.hidden())
        .append(" abbreviate=").append(u.abbreviateSynopsis()).append(" sort=").append(u.sortOptions()).append(" width=").append(u.width())
        .append(" sections=").append(u.sectionKeys()).append('\n');
    for (ArgSpec a : spec.args()) {
      d.append("  ").append(a instanceof OptionSpec o ? "option " + Arrays.toString(o.names()) + " order=" + o.order() + " negatable="
          + o.negatable() + " help=" + o.help() + "/" + o.usageHelp() + "/" + o.versionHelp() + " fallback=" + o.fallbackValue()
          : "positional " + ((PositionalParamSpec) a).index());
      d.append(" label=").append(a.paramLabel()).append(" description=").append(Arrays.toString(a.description()))
          .append(" renderedDescription=").append(Arrays.toString(a.renderedDescription())).append(" key=").append(java.util.Objects.toString(a.descriptionKey(), "")) // none either way
          .append(" default=").append(a.defaultValue()).append(" arity=").append(a.arity()).append("/").append(a.arity().isUnspecified())
          .append(" required=").append(a.required()).append(" type=").append(a.type().getName()).append(" aux=")
          .append(Arrays.stream(a.auxiliaryTypes()).map(Class::getName).collect(Collectors.toList())).append(" multi=")
          .append(a.isMultiValue()).append(" hidden=").append(a.hidden()).append(" split=").append(a.splitRegex())
          .append(" showDefault=").append(a.showDefaultValue()).append(" interactive=").append(a.interactive()).append(" scope=")
          .append(a.scopeType()).append(" inherited=").append(a.inherited()).append(" converters=").append(a.converters().length)
          .append(" candidates=").append(candidates(a)).append(" initial=").append(a.hasInitialValue()).append("/").append(a.initialValue())
          .append(" toString=").append(a).append(" mapFallback=").append(a.mapFallbackValue());
      if (a instanceof OptionSpec o) {
        d.append(" group=").append(HelpLayout.groupOf(o));
      }
      d.append('\n');
    }
    for (var sub : spec.subcommands().entrySet()) {
      if (!(sub.getValue().getCommand() instanceof CommandLine.HelpCommand)) {
        describe(sub.getValue().getCommandSpec(), d);
      } else {
        d.append("help command ").append(sub.getKey()).append('\n');
      }
    }
  }

  private static List<String> candidates(ArgSpec a) {
    List<String> all = new ArrayList<>();
    if (a.completionCandidates() != null) {
      a.completionCandidates().forEach(all::add);
    }
    return all;
  }
}
