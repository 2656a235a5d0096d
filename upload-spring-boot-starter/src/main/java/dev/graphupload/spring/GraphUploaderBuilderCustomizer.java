package dev.graphupload.spring;

import dev.graphupload.core.GraphUploaderBuilder;

/**
 * Adjusts the uploader the starter builds, after the {@code graph-upload.*} properties are applied
 * and before it is built: a listener, a clock, an executor, a retry policy of your own. Every such
 * bean of the context is applied, in {@link org.springframework.core.annotation.Order} order; a
 * later one sees (and may undo) what an earlier one set.
 */
@FunctionalInterface
public interface GraphUploaderBuilderCustomizer {

  /**
   * Adjusts the builder.
   *
   * @param builder the builder, with the properties applied
   */
  void customize(GraphUploaderBuilder builder);
}
