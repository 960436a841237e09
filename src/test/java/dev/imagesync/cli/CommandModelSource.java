package dev.imagesync.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Writes {@code CommandModels.java}: picocli's model of every command, built by code rather than
 * by reading the annotations at start. It is rendered from the model picocli reflects out of the
 * annotations, which stay the one place a command's options are declared; {@link CommandModelTest}
 * checks that both models are the same, attribute by attribute, and that the file is up to date.
 *
 * <p>What it cannot carry (converters, completion candidates, argument groups, options on
 * methods, …) it refuses, naming the option, so that a new kind of annotation is noticed here
 * rather than lost.
 */
final class CommandModelSource {

  /** The standard help mixin picocli adds for {@code mixinStandardHelpOptions = true}. */
  static final String STANDARD_HELP = "mixinStandardHelpOptions";

  private final Map<Class<?>, CommandSpec> specs = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder();

  private CommandModelSource() {}

  /**
   * The source of {@code CommandModels} for {@code commands} and every command declared under them,
   * as their annotations declare them (not as Main puts them together, nor as HelpLayout lays them out).
   */
  static String render(List<Object> commands) {
    CommandModelSource source = new CommandModelSource();
    commands.forEach(command -> source.collect(CommandSpec.forAnnotatedObject(command)));
    return source.file();
  }

  /** Every annotated class of the tree (commands and mixins), each once, in the order they are met. */
  private void collect(CommandSpec spec) {
    Object user = spec.userObject();
    if (user instanceof CommandLine.HelpCommand) {
      return;
    }
    specs.putIfAbsent(user.getClass(), spec);
    spec.mixins().forEach((name, mixin) -> {
      if (!name.equals(STANDARD_HELP)) {
        collect(mixin);
      }
    });
    spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec()));
  }

  private String file() {
    out.append("""
        package dev.imagesync.cli;

        import picocli.CommandLine;
        import picocli.CommandLine.Model.CommandSpec;
        import picocli.CommandLine.Model.IGetter;
        import picocli.CommandLine.Model.ISetter;
        import picocli.CommandLine.Model.OptionSpec;
        import picocli.CommandLine.Model.PositionalParamSpec;

        /**
         * picocli's model of every command, built by code. GENERATED from the commands' annotations by
         * CommandModelSource; do not edit: change the annotations, then run scripts/regenerate.sh.
         *
         * <p>Why: reading the annotations made the JVM generate a proxy class per annotation type and
         * picocli reflect over every field, a sixth of a typed command's start-up; this builds the same
         * model (CommandModelTest compares the two) from plain calls the ahead-of-time cache keeps.
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        final class CommandModels {

          private CommandModels() {}

          /** The model of {@code command}, with its mixins created and its {@code @Spec} field set. */
          static CommandSpec of(Object command) {
        """);
    for (Class<?> type : specs.keySet()) {
      if (isCommand(specs.get(type))) {
        out.append("    if (command instanceof ").append(name(type)).append(" c) {\n")
            .append("      return ").append(method(type)).append("(c);\n    }\n");
      }
    }
    out.append("    throw new IllegalArgumentException(\"no model for \" + command.getClass());\n  }\n");
    out.append("""

          /** An exit code list's entries, in order. */
          private static java.util.Map<String, String> map(String... keysAndValues) {
            java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
              map.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return map;
          }
        """);
    standardHelp();
    specs.forEach(this::specMethod);
    specs.forEach(this::fieldsClass);
    out.append("}\n");
    return out.toString();
  }

  /** A command has a name of its own; a mixin takes its command's. */
  private static boolean isCommand(CommandSpec spec) {
    return spec.userObject().getClass().isAnnotationPresent(CommandLine.Command.class);
  }

  private void standardHelp() {
    out.append("""

          /** {@code mixinStandardHelpOptions = true}: -h/--help and -V/--version, as picocli's own mixin declares them. */
          private static void standardHelp(CommandSpec spec) {
            CommandSpec help = CommandSpec.wrapWithoutInspection(new Object());
            help.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).descriptionKey("mixinStandardHelpOptions.help")
                .description("Show this help message and exit.").paramLabel("<helpRequested>").type(boolean.class)
                .hasInitialValue(true).initialValue(false).withToString("field boolean picocli.CommandLine$AutoHelpMixin.helpRequested").build());
            help.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).descriptionKey("mixinStandardHelpOptions.version")
                .description("Print version information and exit.").paramLabel("<versionRequested>").type(boolean.class)
                .hasInitialValue(true).initialValue(false).withToString("field boolean picocli.CommandLine$AutoHelpMixin.versionRequested").build());
            spec.addMixin("mixinStandardHelpOptions", help);
          }
        """);
  }

  private void specMethod(Class<?> type, CommandSpec spec) {
    out.append("\n  static CommandSpec ").append(method(type)).append("(").append(name(type)).append(" c) {\n");
    out.append("    CommandSpec spec = CommandSpec.wrapWithoutInspection(c);\n");
    if (isCommand(spec)) {
      out.append("    spec.name(").append(literal(spec.name())).append(");\n");
      usage(spec);
      if (spec.versionProvider() != null) {
        out.append("    spec.versionProvider(new ").append(name(spec.versionProvider().getClass())).append("());\n");
      }
    }
    // Mixins and own arguments in the order picocli met them (a mixin's arguments come together).
    Map<ArgSpec, String> mixinOf = new IdentityHashMap<>();
    spec.mixins().forEach((name, mixin) -> mixin.args().forEach(a -> mixinOf.put(a, name)));
    List<String> added = new ArrayList<>();
    for (ArgSpec arg : spec.args()) {
      String mixin = mixinOf.get(arg);
      if (mixin == null) {
        argument(type, arg);
      } else if (!added.contains(mixin)) {
        added.add(mixin);
        mixin(type, mixin, spec.mixins().get(mixin));
      }
    }
    spec.mixins().forEach((name, mixin) -> {
      if (!added.contains(name)) {
        mixin(type, name, mixin);
      }
    });
    if (spec.mixins().containsKey(STANDARD_HELP)) { // picocli adds it after the fields
      out.append("    standardHelp(spec);\n");
    }
    spec.subcommands().forEach((name, sub) -> {
      if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
        Class<?> subType = sub.getCommand().getClass();
        out.append("    spec.addSubcommand(").append(literal(name)).append(", new CommandLine(").append(method(subType))
            .append("(new ").append(name(subType)).append("())));\n");
      }
    });
    for (Field field : fields(type)) {
      if (field.isAnnotationPresent(CommandLine.Spec.class)) {
        out.append("    c.").append(field.getName()).append(" = spec;\n");
      } else if (field.getAnnotations().length > 0 && !field.isAnnotationPresent(CommandLine.Option.class)
          && !field.isAnnotationPresent(CommandLine.Parameters.class) && !field.isAnnotationPresent(CommandLine.Mixin.class)) {
        throw new IllegalStateException(type.getName() + "." + field.getName() + ": this annotation is not carried into CommandModels");
      }
    }
    out.append("    return spec;\n  }\n");
  }

  private void usage(CommandSpec spec) {
    UsageMessageSpec u = spec.usageMessage();
    UsageMessageSpec plain = CommandSpec.create().usageMessage();
    StringBuilder calls = new StringBuilder();
    strings(calls, "description", u.description(), plain.description());
    strings(calls, "header", u.header(), plain.header());
    strings(calls, "footer", u.footer(), plain.footer());
    string(calls, "footerHeading", u.footerHeading(), plain.footerHeading());
    string(calls, "headerHeading", u.headerHeading(), plain.headerHeading());
    string(calls, "descriptionHeading", u.descriptionHeading(), plain.descriptionHeading());
    string(calls, "synopsisHeading", u.synopsisHeading(), plain.synopsisHeading());
    string(calls, "parameterListHeading", u.parameterListHeading(), plain.parameterListHeading());
    string(calls, "optionListHeading", u.optionListHeading(), plain.optionListHeading());
    string(calls, "commandListHeading", u.commandListHeading(), plain.commandListHeading());
    string(calls, "exitCodeListHeading", u.exitCodeListHeading(), plain.exitCodeListHeading());
    if (!u.exitCodeList().isEmpty()) {
      calls.append("\n        .exitCodeList(map(");
      List<String> pairs = new ArrayList<>();
      u.exitCodeList().forEach((k, v) -> pairs.add(literal(k) + ", " + literal(v)));
      calls.append(String.join(",\n            ", pairs)).append("))");
    }
    for (Object[] flag : new Object[][] {{"hidden", u.hidden(), plain.hidden()}, {"sortOptions", u.sortOptions(), plain.sortOptions()},
        {"showDefaultValues", u.showDefaultValues(), plain.showDefaultValues()},
        {"abbreviateSynopsis", u.abbreviateSynopsis(), plain.abbreviateSynopsis()}}) {
      if (!flag[1].equals(flag[2])) {
        calls.append("\n        .").append(flag[0]).append("(").append(flag[1]).append(")");
      }
    }
    if (!u.customSynopsis().equals(plain.customSynopsis()) && u.customSynopsis().length > 0) {
      throw new IllegalStateException(spec.qualifiedName() + ": customSynopsis is not carried into CommandModels");
    }
    if (calls.length() > 0) {
      out.append("    spec.usageMessage()").append(calls).append(";\n");
    }
  }

  private static void strings(StringBuilder calls, String name, String[] value, String[] plain) {
    if (!java.util.Arrays.equals(value, plain)) {
      List<String> literals = new ArrayList<>();
      for (String v : value) {
        literals.add(literal(v));
      }
      calls.append("\n        .").append(name).append("(").append(String.join(",\n            ", literals)).append(")");
    }
  }

  private static void string(StringBuilder calls, String name, String value, String plain) {
    if (!java.util.Objects.equals(value, plain)) {
      calls.append("\n        .").append(name).append("(").append(literal(value)).append(")");
    }
  }

  private void mixin(Class<?> owner, String name, CommandSpec mixin) {
    if (name.equals(STANDARD_HELP)) {
      return; // standardHelp(spec), after the rest
    }
    Field field = field(owner, name);
    Class<?> type = field.getType();
    out.append("    if (c.").append(name).append(" == null) {\n      c.").append(name).append(" = new ").append(name(type)).append("();\n    }\n");
    out.append("    spec.addMixin(").append(literal(name)).append(", ").append(method(type)).append("(c.").append(name).append("));\n");
  }

  private void argument(Class<?> owner, ArgSpec arg) {
    if (!(arg.userObject() instanceof Field field) || field.getDeclaringClass() != owner) {
      throw new IllegalStateException(arg + ": only options on fields are carried into CommandModels");
    }
    int number = boundFields(owner).indexOf(field);
    StringBuilder b = new StringBuilder();
    if (arg instanceof OptionSpec option) {
      List<String> names = new ArrayList<>();
      for (String n : option.toBuilder().names()) {
        names.add(literal(n));
      }
      b.append("    spec.addOption(OptionSpec.builder(").append(String.join(", ", names)).append(")");
      if (option.negatable() || option.usageHelp() || option.versionHelp() || option.help() || !option.fallbackValue().isEmpty()
          || option.order() != -1) {
        throw new IllegalStateException(arg + ": negatable, help, fallbackValue and order are not carried into CommandModels");
      }
    } else {
      PositionalParamSpec positional = (PositionalParamSpec) arg;
      b.append("    spec.addPositional(PositionalParamSpec.builder().index(").append(literal(positional.index().originalValue())).append(")");
    }
    // As declared, before picocli interpolates them (${DEFAULT-VALUE} stays for help to fill in).
    String label = arg instanceof OptionSpec o ? o.toBuilder().paramLabel() : ((PositionalParamSpec) arg).toBuilder().paramLabel();
    String[] description = arg instanceof OptionSpec o ? o.toBuilder().description() : ((PositionalParamSpec) arg).toBuilder().description();
    String defaultValue = arg instanceof OptionSpec o ? o.toBuilder().defaultValue() : ((PositionalParamSpec) arg).toBuilder().defaultValue();
    b.append("\n        .paramLabel(").append(literal(label)).append(")");
    if (description.length > 0) {
      List<String> lines = new ArrayList<>();
      for (String d : description) {
        lines.add(literal(d));
      }
      b.append("\n        .description(").append(String.join(", ", lines)).append(")");
    }
    if (defaultValue != null) {
      b.append("\n        .defaultValue(").append(literal(defaultValue)).append(")");
    }
    if (!arg.arity().isUnspecified()) {
      b.append("\n        .arity(").append(literal(arg.arity().originalValue())).append(")");
    }
    if (arg.required()) {
      b.append("\n        .required(true)");
    }
    if (arg.hidden() || arg.interactive() || !arg.splitRegex().isEmpty() || arg.converters().length > 0 || arg.parameterConsumer() != null
        || arg.descriptionKey() != null && !arg.descriptionKey().isEmpty() || arg.scopeType() != CommandLine.ScopeType.LOCAL) {
      throw new IllegalStateException(arg + ": hidden, interactive, split, converters, parameter consumers, description keys and scopes "
          + "are not carried into CommandModels");
    }
    b.append("\n        .type(").append(name(arg.type())).append(".class)");
    if (arg.auxiliaryTypes().length > 1 || arg.auxiliaryTypes()[0] != arg.type()) {
      List<String> aux = new ArrayList<>();
      for (Class<?> a : arg.auxiliaryTypes()) {
        aux.add(name(a) + ".class");
      }
      b.append(".auxiliaryTypes(").append(String.join(", ", aux)).append(")");
    }
    String access = fieldsName(owner);
    b.append("\n        .getter(new ").append(access).append("(c, ").append(number).append(")).setter(new ").append(access).append("(c, ")
        .append(number).append("))");
    b.append("\n        .hasInitialValue(true).initialValue(c.").append(field.getName()).append(")");
    b.append("\n        .userObject(").append(name(owner)).append(".class)");
    b.append("\n        .withToString(").append(literal(arg.toString())).append(")");
    b.append(".build());\n");
    out.append(b);
  }

  /** The class that reads and writes {@code type}'s option fields by number (one class per options class, not one per field). */
  private void fieldsClass(Class<?> type, CommandSpec spec) {
    List<Field> fields = boundFields(type);
    if (fields.isEmpty()) {
      return;
    }
    String c = fieldsName(type);
    out.append("\n  /** Reads and writes the option fields of {@code ").append(type.getSimpleName()).append("} by number. */\n");
    out.append("  private static final class ").append(c).append(" implements IGetter, ISetter {\n");
    out.append("    private final ").append(name(type)).append(" c;\n    private final int field;\n\n");
    out.append("    ").append(c).append("(").append(name(type)).append(" c, int field) {\n      this.c = c;\n      this.field = field;\n    }\n\n");
    out.append("    @Override\n    public <T> T get() {\n      Object value = switch (field) {\n");
    for (int i = 0; i < fields.size(); i++) {
      out.append("        case ").append(i).append(" -> c.").append(fields.get(i).getName()).append(";\n");
    }
    out.append("        default -> throw new IllegalStateException(\"no field \" + field);\n      };\n      return (T) value;\n    }\n\n");
    out.append("    @Override\n    public <T> T set(T value) {\n      T old = get();\n      switch (field) {\n");
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      out.append("        case ").append(i).append(" -> c.").append(f.getName()).append(" = (").append(boxed(f.getGenericType())).append(") value;\n");
    }
    out.append("        default -> throw new IllegalStateException(\"no field \" + field);\n      }\n      return old;\n    }\n  }\n");
  }

  /** The fields of {@code type} that hold an option or a positional parameter, in declaration order. */
  private static List<Field> boundFields(Class<?> type) {
    List<Field> bound = new ArrayList<>();
    for (Field f : fields(type)) {
      if (f.isAnnotationPresent(CommandLine.Option.class) || f.isAnnotationPresent(CommandLine.Parameters.class)) {
        if (Modifier.isPrivate(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
          throw new IllegalStateException(type.getName() + "." + f.getName() + ": an option field must be neither private nor final");
        }
        bound.add(f);
      }
    }
    return bound;
  }

  private static List<Field> fields(Class<?> type) {
    if (type.getSuperclass() != Object.class) {
      throw new IllegalStateException(type.getName() + ": options inherited from a superclass are not carried into CommandModels");
    }
    return List.of(type.getDeclaredFields());
  }

  private static Field field(Class<?> type, String name) {
    try {
      return type.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(type.getName() + ": no field for mixin " + name, e);
    }
  }

  /** copyCommand for CopyCommand, queueCommandAdd for QueueCommand.Add. */
  private static String method(Class<?> type) {
    String simple = name(type).replace(".", "");
    return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
  }

  private static String fieldsName(Class<?> type) {
    return name(type).replace(".", "") + "Fields";
  }

  /** The name to write in source: CopyCommand, QueueCommand.Add, java.util.List. */
  private static String name(Class<?> type) {
    if (type.isArray()) {
      return name(type.getComponentType()) + "[]";
    }
    String canonical = type.getCanonicalName();
    if (canonical.startsWith("dev.imagesync.cli.")) {
      return canonical.substring("dev.imagesync.cli.".length());
    }
    return canonical.startsWith("java.lang.") && canonical.indexOf('.', "java.lang.".length()) < 0 ? canonical.substring("java.lang.".length()) : canonical;
  }

  /** The type a field is cast to when set: its own, boxed if primitive, with its type arguments. */
  private static String boxed(Type type) {
    if (type instanceof Class<?> c && c.isPrimitive()) {
      return name(java.lang.invoke.MethodType.methodType(c).wrap().returnType());
    }
    if (type instanceof Class<?> c) {
      return name(c);
    }
    if (type instanceof ParameterizedType p) {
      List<String> args = new ArrayList<>();
      for (Type a : p.getActualTypeArguments()) {
        args.add(boxed(a));
      }
      return boxed(p.getRawType()) + "<" + String.join(", ", args) + ">";
    }
    throw new IllegalStateException("cannot write the type " + type);
  }

  /** {@code s} as a Java string literal. */
  static String literal(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (ch < 0x20 || ch > 0x7e) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
