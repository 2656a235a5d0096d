package dev.graphupload.spring;

import java.util.Objects;

/**
 * A {@code graph-upload.*} property that is missing or cannot be used. The application fails to
 * start, and Spring Boot reports it in its "APPLICATION FAILED TO START" form: the property and the
 * problem as the description, what to set as the action. The message never holds the access token's
 * value.
 */
public final class GraphUploadPropertyException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final String problem;
  private final String action;

  /**
   * A property's problem.
   *
   * @param property the full property name, such as {@code graph-upload.app-id}
   * @param problem what is wrong with it, without the secret's value
   * @param action what to set instead
   * @param cause the library's refusal, or {@code null}
   */
  public GraphUploadPropertyException(
      String property, String problem, String action, Throwable cause) {
    super(property + ": " + problem + ". " + action, cause);
    this.property = Objects.requireNonNull(property, "property");
    this.problem = Objects.requireNonNull(problem, "problem");
    this.action = Objects.requireNonNull(action, "action");
  }

  /**
   * The property's full name.
   *
   * @return such as {@code graph-upload.access-token}
   */
  public String property() {
    return property;
  }

  /**
   * What is wrong with it.
   *
   * @return the problem, in words
   */
  public String problem() {
    return problem;
  }

  /**
   * What to set instead.
   *
   * @return the action, in words
   */
  public String action() {
    return action;
  }
}
