/**
 * Engine-wide facts for {@code /info} and {@code /version}: host properties read at start plus counts from the
 * services; and the stores berth does not have yet but whose prunes clients call ({@link dev.berth.system.Networks},
 * {@link dev.berth.system.BuildCache}). Must not import {@code dev.berth.api}.
 */
package dev.berth.system;
