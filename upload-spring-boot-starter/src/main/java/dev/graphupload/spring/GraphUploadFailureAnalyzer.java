package dev.graphupload.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Puts a {@link GraphUploadPropertyException} in Spring Boot's start-up failure report: the
 * description names the property and its problem, the action says what to set.
 */
public final class GraphUploadFailureAnalyzer
    extends AbstractFailureAnalyzer<GraphUploadPropertyException> {

  /** Made by Spring Boot, from {@code META-INF/spring.factories}. */
  public GraphUploadFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable root, GraphUploadPropertyException cause) {
    return new FailureAnalysis(
        "The property '" + cause.property() + "' cannot be used: " + cause.problem() + ".",
        cause.action(),
        cause);
  }
}
