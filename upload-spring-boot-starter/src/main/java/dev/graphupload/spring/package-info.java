/**
 * Spring Boot auto-configuration of graph-upload: one {@code GraphUploader} from {@code
 * graph-upload.*} properties, its transport and store, Micrometer metrics and Actuator health.
 */
package dev.graphupload.spring;
