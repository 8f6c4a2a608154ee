package dev.berth.container;

import dev.berth.mount.ApiVersion;

/**
 * A container create request in domain terms: the user's config (not yet merged with the image's), host settings,
 * the HostConfig JSON as sent (echoed by inspect), the optional name and the client's API version (mount rules
 * depend on it). Immutable.
 */
public record CreateRequest(String name, ContainerConfig config, HostSettings host, String hostConfigJson,
                            ApiVersion version) {
}
