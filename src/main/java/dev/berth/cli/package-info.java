/**
 * The {@code berth} command line (picocli): a client of the daemon's Engine API over the unix socket that prints
 * what the docker CLI prints for the same commands (tables, sizes as go-units writes them, --format templates).
 * Imports only {@code dev.berth.json}, {@code dev.berth.http} (its connection) and {@code dev.berth.gotext} (with its
 * template engine) of berth's; it never
 * calls services directly.
 */
package dev.berth.cli;
