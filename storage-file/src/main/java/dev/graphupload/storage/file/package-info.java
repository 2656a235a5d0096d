/**
 * {@link dev.graphupload.core.store.SessionStore} in a directory of JSON files: {@link
 * dev.graphupload.storage.file.FileSessionStore}.
 */
package dev.graphupload.storage.file;
