/**
 * Docker's wire shapes: request-body records (annotated with the Go type they stand for, {@link
 * dev.berth.api.wire.GoType}) and hand-written response encoders that write Docker's bytes field for field.
 * Imports the domain values it encodes ({@code volume}, {@code events}) and {@code dev.berth.json}; never Netty.
 */
package dev.berth.api.wire;
