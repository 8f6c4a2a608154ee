/**
 * Docker's {@code filters} argument as a value ({@link dev.berth.filter.FilterArgs}) with its matching rules
 * (exact, regex, labels, booleans). Regular expressions are Go's ({@link dev.berth.filter.GoRegexp}, through RE2J).
 * Shared by the volume, container, image and event services. Imports only {@code dev.berth.errors} and
 * {@code com.google.re2j}.
 */
package dev.berth.filter;
