package dev.berth.mount;

import dev.berth.gotext.GoQuote;

import java.util.Objects;

/**
 * Whether recursively read-only mounts ({@code rro}) can be used: kernel &ge; 5.12 and a runtime listing
 * {@code rro} in {@code runc features}. Who probes that is not this package's business; the texts are Docker's
 * (§4.6) because {@code ReadOnlyForceRecursive} surfaces them. Immutable and thread-safe.
 */
public sealed interface RroSupport {

    static RroSupport supported() {
        return new Supported();
    }

    /** The kernel lacks {@code mount_setattr}; {@code cause} is the probe's error. */
    static RroSupport kernelTooOld(String cause) {
        return new Unsupported("rro is not supported: " + cause + " (kernel is older than 5.12?)");
    }

    static RroSupport runtimeLacksRro(String runtime) {
        return new Unsupported("rro is not supported by runtime " + GoQuote.quote(runtime));
    }

    static RroSupport runtimeFeaturesUnavailable(String runtime) {
        return new Unsupported("rro is not supported by runtime " + GoQuote.quote(runtime)
                + ": OCI features struct is not available");
    }

    /** {@code rro} works. */
    record Supported() implements RroSupport {
    }

    /** {@code rro} does not work; {@code reason} is the error for mounts that insist on it. */
    record Unsupported(String reason) implements RroSupport {
        public Unsupported {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
