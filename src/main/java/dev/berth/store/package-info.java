/**
 * The metadata database (SQLite in the data root) and its group-committing writer. Services own their tables and
 * their SQL in a package-private store class; nothing outside {@code store} opens connections.
 * Imports only {@code dev.berth.errors}.
 */
package dev.berth.store;
