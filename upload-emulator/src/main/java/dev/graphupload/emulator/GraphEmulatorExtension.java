package dev.graphupload.emulator;

import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class a running {@link GraphEmulator} with a fresh data directory, stopped after
 * the class. Test methods and constructors can take it as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GraphEmulatorExtension EMULATOR = GraphEmulatorExtension.configured(b -> b.sink(true));
 *
 * @Test
 * void uploads(GraphEmulator emulator) { ... }
 * }</pre>
 *
 * <p>Also usable as {@code @ExtendWith(GraphEmulatorExtension.class)} with the defaults.
 */
public final class GraphEmulatorExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private final UnaryOperator<GraphEmulatorBuilder> configuration;
  private GraphEmulator emulator;

  /** An extension starting the emulator with its defaults. */
  public GraphEmulatorExtension() {
    this(UnaryOperator.identity());
  }

  private GraphEmulatorExtension(UnaryOperator<GraphEmulatorBuilder> configuration) {
    this.configuration = configuration;
  }

  /**
   * An extension starting the emulator as {@code configuration} sets it up.
   *
   * @param configuration changes to the default builder
   * @return the extension
   */
  public static GraphEmulatorExtension configured(
      UnaryOperator<GraphEmulatorBuilder> configuration) {
    return new GraphEmulatorExtension(Objects.requireNonNull(configuration, "configuration"));
  }

  /**
   * The running emulator.
   *
   * @return the emulator
   * @throws IllegalStateException outside the test class's lifetime
   */
  public GraphEmulator emulator() {
    if (emulator == null) {
      throw new IllegalStateException("The emulator runs only while its test class does");
    }
    return emulator;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator = configuration.apply(GraphEmulator.builder()).build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (emulator != null) {
      emulator.close();
      emulator = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == GraphEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return emulator();
  }
}
