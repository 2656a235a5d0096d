/**
 * Micrometer metrics of graph-upload: {@link dev.graphupload.micrometer.GraphUploadMetrics} turns
 * an uploader's events into counters, timers and a gauge under {@code graph.upload}.
 */
package dev.graphupload.micrometer;
