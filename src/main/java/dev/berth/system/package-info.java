/**
 * Engine-wide facts for {@code /info} and {@code /version}: host properties read at start plus counts from the
 * services. Must not import {@code dev.berth.api}.
 */
package dev.berth.system;
