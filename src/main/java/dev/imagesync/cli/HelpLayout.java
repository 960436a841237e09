package dev.imagesync.cli;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How every command's help reads: the options in groups under headings (inputs, destination,
 * selection, credentials, network, records, output, …) in a fixed order rather than one
 * alphabetical list of forty, the synopsis abbreviated, the examples at the end. A group is the
 * options class an option is declared in, with a few options placed by name where their class
 * holds more than one kind.
 */
final class HelpLayout {

  private HelpLayout() {}

  /** The groups, in the order help shows them. */
  static final List<String> ORDER = List.of("Inputs", "Destination", "Selection", "Credentials", "Network", "Records", "Output", "Run",
      "Queue", "Database", "Diagnostics", "Help");

  private static final Map<Class<?>, String> BY_CLASS = Map.ofEntries(
      Map.entry(ListOptions.class, "Inputs"),
      Map.entry(AcrOptions.class, "Destination"),
      Map.entry(ReferrerOptions.class, "Selection"),
      Map.entry(CredentialOptions.class, "Credentials"),
      Map.entry(RegistryOptions.class, "Network"),
      Map.entry(RecordOptions.class, "Records"),
      Map.entry(RunOutputs.class, "Output"),
      Map.entry(QueueOptions.class, "Queue"),
      Map.entry(QueueCommand.Where.class, "Database"),
      Map.entry(OutputOptions.class, "Diagnostics"));

  /** Options placed by name: their class holds more than one kind, or they are a command's own. */
  private static final Map<String, String> BY_NAME = Map.ofEntries(
      Map.entry("--to", "Destination"),
      Map.entry("--keep-path", "Destination"),
      Map.entry("--strict-platforms", "Selection"),
      Map.entry("--prune", "Selection"),
      Map.entry("--arch", "Selection"),
      Map.entry("--json", "Output"),
      Map.entry("--limit", "Output"),
      Map.entry("--platform", "Queue"),
      Map.entry("--help", "Help"),
      Map.entry("--version", "Help"));

  /** Commands whose own options all go under Run, whatever their names. */
  private static final java.util.Set<Class<?>> EVERYDAY = java.util.Set.of(LsCommand.class, InspectCommand.class, TagCommand.class,
      DeleteCommand.class, AuditCommand.class, LoginCommand.class, LogoutCommand.class);

  /** Applies the layout to {@code cli} and every command under it. */
  static void apply(CommandLine cli) {
    cli.getCommandSpec().usageMessage().abbreviateSynopsis(true);
    cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::options);
    cli.getSubcommands().values().forEach(HelpLayout::apply);
  }

  /** The group an option is shown in; {@code Run} for a command's own options. */
  static String groupOf(OptionSpec option) {
    String name = option.longestName();
    Class<?> declaredIn = declaringClass(option);
    boolean everyday = declaredIn != null && EVERYDAY.contains(declaredIn);
    if (BY_NAME.containsKey(name) && !everyday) { // the everyday commands' own options are theirs (inspect --platform is no queue's)
      return BY_NAME.get(name);
    }
    return declaredIn == null ? "Run" : BY_CLASS.getOrDefault(declaredIn, "Run");
  }

  /**
   * The class that declares {@code option}: CommandModels gives it as the option's user object,
   * picocli's reflection gives the field (CommandModelTest compares the two models' layouts).
   */
  static Class<?> declaringClass(OptionSpec option) {
    if (option.userObject() instanceof Class<?> declared) {
      return declared;
    }
    return option.userObject() instanceof Field field ? field.getDeclaringClass() : null;
  }

  /** The visible options of {@code spec} by group, in {@link #ORDER}, each group sorted by name; empty groups left out. */
  static Map<String, List<OptionSpec>> grouped(CommandSpec spec) {
    Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
    ORDER.forEach(g -> groups.put(g, new ArrayList<>()));
    for (OptionSpec o : spec.options()) {
      if (!o.hidden()) {
        groups.get(groupOf(o)).add(o);
      }
    }
    groups.values().removeIf(List::isEmpty);
    groups.values().forEach(options ->
        options.sort(Comparator.comparing((OptionSpec o) -> o.longestName().replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT))));
    return groups;
  }

  /** The options section: one table per group, under its heading. */
  static String options(Help help) {
    StringBuilder text = new StringBuilder();
    grouped(help.commandSpec()).forEach((group, options) -> {
      Help.Layout layout = help.createDefaultLayout();
      options.forEach(o -> layout.addOption(o, help.createDefaultParamLabelRenderer()));
      text.append(String.format("%n%s:%n", group)).append(layout);
    });
    return text.toString();
  }
}
