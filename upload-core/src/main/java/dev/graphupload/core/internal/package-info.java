/**
 * The implementation behind {@link dev.graphupload.core.GraphUploader}: the Graph wire mapping, the
 * session state machine and the upload engine. Not an API: anything here may change in any release.
 */
package dev.graphupload.core.internal;
