/**
 * A local stand-in for the Graph Resumable Upload API, strict enough that a test against it means
 * something: {@link dev.graphupload.emulator.GraphEmulator} to run it from Java, {@link
 * dev.graphupload.emulator.GraphEmulatorExtension} for JUnit 5, {@link
 * dev.graphupload.emulator.EmulatorMain} to run it from the command line.
 */
package dev.graphupload.emulator;
