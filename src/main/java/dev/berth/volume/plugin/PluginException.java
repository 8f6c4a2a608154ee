package dev.berth.volume.plugin;

import dev.berth.errors.InternalException;

/**
 * A plugin refused a call (its {@code Err}, or a status other than 200) or could not be reached. Docker reports
 * these as plain errors: status 500, the plugin's own text.
 */
public final class PluginException extends InternalException {

    private final boolean unreachable;

    PluginException(String message, boolean unreachable) {
        super(message);
        this.unreachable = unreachable;
    }

    /** Whether the call never reached the plugin (nothing listening, no such socket, a timeout). */
    public boolean unreachable() {
        return unreachable;
    }
}
