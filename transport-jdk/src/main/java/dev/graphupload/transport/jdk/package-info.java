/**
 * {@link dev.graphupload.core.transport.HttpTransport} on the JDK's own {@link
 * java.net.http.HttpClient}: {@link dev.graphupload.transport.jdk.JdkHttpTransport}.
 */
package dev.graphupload.transport.jdk;
