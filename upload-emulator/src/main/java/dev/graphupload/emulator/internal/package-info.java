/** The emulator's implementation. Not an API: anything here may change in any release. */
package dev.graphupload.emulator.internal;
