/**
 * The engine's event bus. Services receive only {@link dev.berth.events.EventSink}; the {@code /events} route only
 * {@link dev.berth.events.EventSource}. Imports nothing of berth's.
 */
package dev.berth.events;
