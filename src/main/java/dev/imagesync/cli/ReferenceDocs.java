package dev.imagesync.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The command reference under {@code docs/}, rendered from the picocli model so that it cannot
 * drift from the commands: a markdown page per command ({@code docs/reference/imagesync_sync.md},
 * as crane's {@code docs/crane_*.md}) holding its help as the command prints it, and a man page
 * per command ({@code docs/man/imagesync-sync.1}, as skopeo's). {@code ReferenceDocsTest}
 * renders them again and fails when the files differ.
 */
final class ReferenceDocs {

  private ReferenceDocs() {}

  /** Every page, by its path under docs/. */
  static Map<String, String> render(CommandLine root) {
    Map<String, String> pages = new LinkedHashMap<>();
    List<CommandLine> all = commands(root);
    for (CommandLine c : all) {
      pages.put("reference/" + c.getCommandSpec().qualifiedName("_") + ".md", markdown(c, all));
      pages.put("man/" + c.getCommandSpec().qualifiedName("-") + ".1", man(c));
    }
    return pages;
  }

  /** {@code root} and every command under it that has a page (not help's own, nor hidden ones). */
  static List<CommandLine> commands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>();
    collect(root, all);
    return all;
  }

  private static void collect(CommandLine c, List<CommandLine> into) {
    if (c.getCommandSpec().usageMessage().hidden() || c.getCommand() instanceof CommandLine.HelpCommand) {
      return;
    }
    into.add(c);
    c.getSubcommands().values().forEach(s -> collect(s, into));
  }

  /** The help, at 80 columns and without colours, as a terminal shows it. */
  static String help(CommandLine c) {
    c.getCommandSpec().usageMessage().width(80);
    return c.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  private static String markdown(CommandLine c, List<CommandLine> all) {
    CommandSpec spec = c.getCommandSpec();
    StringBuilder md = new StringBuilder();
    md.append("# ").append(spec.qualifiedName(" ")).append("\n\n");
    md.append(String.join(" ", spec.usageMessage().description())).append("\n\n");
    md.append("```text\n").append(help(c).stripTrailing()).append("\n```\n\n");
    List<String> links = new ArrayList<>();
    for (CommandLine other : all) {
      if (other != c) {
        String name = other.getCommandSpec().qualifiedName(" ");
        links.add("[" + name + "](" + other.getCommandSpec().qualifiedName("_") + ".md)");
      }
    }
    md.append("See also: ").append(String.join(" · ", links)).append(". Generated from the commands themselves; do not edit.\n");
    return md.toString();
  }

  private static String man(CommandLine c) {
    CommandSpec spec = c.getCommandSpec();
    String title = spec.qualifiedName("-");
    StringBuilder t = new StringBuilder();
    t.append(".\\\" Generated from the commands themselves (ReferenceDocs); do not edit.\n");
    t.append(".TH ").append(title.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"imagesync\" \"User Commands\"\n");
    t.append(".SH NAME\n").append(roff(title)).append(" \\- ").append(roff(firstSentence(spec))).append('\n');
    t.append(".SH SYNOPSIS\n.B ").append(roff(spec.qualifiedName(" "))).append('\n');
    t.append(roff(synopsisTail(spec))).append('\n');
    t.append(".SH DESCRIPTION\n").append(roff(String.join(" ", spec.usageMessage().description()))).append('\n');
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        t.append(".TP\n.I ").append(roff(p.paramLabel())).append('\n').append(roff(String.join(" ", p.description()))).append('\n');
      }
    }
    if (!spec.options().isEmpty()) {
      t.append(".SH OPTIONS\n");
    }
    HelpLayout.grouped(spec).forEach((group, options) -> {
      t.append(".SS ").append(group).append('\n');
      for (OptionSpec o : options) {
        t.append(".TP\n.B ").append(roff(String.join(", ", o.names())));
        if (o.typeInfo().isBoolean()) {
          t.append('\n');
        } else {
          t.append(" ").append(roff(o.paramLabel())).append('\n');
        }
        t.append(roff(String.join(" ", o.description()).replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue())))).append('\n');
      }
    });
    String[] exits = exitCodes(spec);
    if (exits.length > 0) {
      t.append(".SH EXIT STATUS\n");
      for (String e : exits) {
        int colon = e.indexOf(':');
        t.append(".TP\n.B ").append(roff(e.substring(0, colon).strip())).append('\n').append(roff(e.substring(colon + 1).strip())).append('\n');
      }
    }
    List<String> examples = new ArrayList<>();
    for (String line : spec.usageMessage().footer()) {
      if (line.startsWith("  ")) {
        examples.add(line.strip());
      }
    }
    if (!examples.isEmpty()) {
      t.append(".SH EXAMPLES\n.nf\n");
      examples.forEach(e -> t.append(roff(e)).append('\n'));
      t.append(".fi\n");
    }
    t.append(".SH SEE ALSO\n").append(roff("imagesync(1); docs/ in the repository")).append('\n');
    return t.toString();
  }

  private static String[] exitCodes(CommandSpec spec) {
    return spec.usageMessage().exitCodeList().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).toArray(String[]::new);
  }

  private static String synopsisTail(CommandSpec spec) {
    StringBuilder s = new StringBuilder();
    if (!spec.options().isEmpty()) {
      s.append("[OPTIONS]");
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      s.append(s.length() == 0 ? "" : " ").append(p.arity().min == 0 ? "[" + p.paramLabel() + (p.isMultiValue() ? "..." : "") + "]" : p.paramLabel() + (p.isMultiValue() ? "..." : ""));
    }
    if (!spec.subcommands().isEmpty()) {
      s.append(s.length() == 0 ? "" : " ").append("COMMAND");
    }
    return s.toString();
  }

  private static String firstSentence(CommandSpec spec) {
    String d = String.join(" ", spec.usageMessage().description());
    int end = d.indexOf(". ");
    return end < 0 ? d.replaceAll("\\.$", "") : d.substring(0, end);
  }

  /** Text as roff reads it: backslashes and hyphens escaped, no line starting with a control character. */
  static String roff(String text) {
    String t = text.replace("\\", "\\e").replace("-", "\\-");
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }
}
