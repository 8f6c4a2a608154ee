/**
 * The engine's event bus and Docker's event filter. Services receive only {@link dev.berth.events.EventSink}; the
 * {@code /events} route only {@link dev.berth.events.EventSource}. Imports only {@code dev.berth.filter}.
 */
package dev.berth.events;
