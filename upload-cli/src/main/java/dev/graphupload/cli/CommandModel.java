package dev.graphupload.cli;

import java.lang.reflect.Array;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Range;

/**
 * picocli models built in code, for the commands whose start matters ({@code upload} and the
 * top-level command): picocli reads an annotated command by reflection, its fields, their
 * annotations (each a generated proxy) and its methods, which was about 30 ms of a one-file
 * upload's 480 (the start-up profile, docs/BENCHMARKS.md). Each option here is declared once, with
 * the field its value goes to; help, errors and completion come from the same model as before.
 */
final class CommandModel {

  private CommandModel() {}

  /**
   * A command, to which its options are then added.
   *
   * @param command what runs: a {@code Runnable} or {@code Callable}
   * @param name the command's name
   * @param description its paragraphs
   * @param footer the lines after the options
   * @return the model
   */
  static CommandSpec command(Object command, String name, String[] description, String[] footer) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
    spec.usageMessage().description(description).footerHeading("%n").footer(footer);
    return spec;
  }

  /**
   * Adds {@code -h/--help} and {@code -V/--version} after the command's own options, as {@code
   * mixinStandardHelpOptions} does (which reads picocli's own annotated mixin): completion lists
   * the options in the order they were added.
   *
   * @param spec the command, its options added
   * @return the command
   */
  static CommandSpec withStandardHelp(CommandSpec spec) {
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .type(boolean.class)
            .description("Show this help message and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .type(boolean.class)
            .description("Print version information and exit.")
            .build());
    return spec;
  }

  /**
   * An option without a value.
   *
   * @param name its name
   * @param field where it goes: true when given
   * @param description its help
   * @return the option
   */
  static OptionSpec flag(String name, Consumer<Boolean> field, String description) {
    return option(name, null, boolean.class, field, description).arity("0").build();
  }

  /**
   * An option with a value, to finish with the builder's other settings (default value, converter).
   *
   * @param name its name
   * @param label the value's name in help
   * @param type the value's type
   * @param field where the value goes
   * @param description its help
   * @param <T> the value's type
   * @return the option's builder
   */
  static <T> OptionSpec.Builder option(
      String name, String label, Class<T> type, Consumer<T> field, String description) {
    Binding<T> binding = new Binding<>(type, field);
    OptionSpec.Builder option =
        OptionSpec.builder(name)
            .type(type)
            .description(description)
            .getter(binding)
            .setter(binding);
    return label == null ? option : option.paramLabel(label);
  }

  /**
   * Positional parameters, to finish with the builder's other settings.
   *
   * @param label their name in help
   * @param arity how many
   * @param type their type (a {@code List}'s elements: {@code auxiliaryTypes})
   * @param field where the value goes
   * @param description their help
   * @param <T> the value's type
   * @return the parameters' builder
   */
  static <T> PositionalParamSpec.Builder positional(
      String label, String arity, Class<T> type, Consumer<T> field, String description) {
    Binding<T> binding = new Binding<>(type, field);
    return PositionalParamSpec.builder()
        .paramLabel(label)
        .arity(arity)
        .required(Range.valueOf(arity).min() > 0)
        .type(type)
        .description(description)
        .getter(binding)
        .setter(binding);
  }

  /**
   * A value as picocli holds it, handed to its field as it is set. Before it parses, picocli sets
   * every value to its initial one, null here: a primitive gets its type's zero instead (false, 0).
   */
  private static final class Binding<T> implements IGetter, ISetter {

    private final T zero;
    private final Consumer<T> field;
    private T value;

    @SuppressWarnings("unchecked")
    Binding(Class<T> type, Consumer<T> field) {
      // a primitive's zero, boxed: the one element of a new array of it
      this.zero = type.isPrimitive() ? (T) Array.get(Array.newInstance(type, 1), 0) : null;
      this.field = field;
      this.value = zero;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V get() {
      return (V) value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V set(V newValue) {
      V old = (V) value;
      value = newValue == null ? zero : (T) newValue;
      field.accept(value);
      return old;
    }
  }
}
