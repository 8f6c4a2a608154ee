/**
 * Docker's {@code filters} argument as a value ({@link dev.berth.filter.FilterArgs}) with its matching rules
 * (exact, regex, labels, booleans). Shared by the volume, container, image and event services.
 * Imports only {@code dev.berth.errors}.
 */
package dev.berth.filter;
