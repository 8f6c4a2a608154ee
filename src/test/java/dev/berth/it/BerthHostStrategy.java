package dev.berth.it;

import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.InvalidConfigurationException;
import org.testcontainers.dockerclient.TransportConfig;

import java.net.URI;

/**
 * Points Testcontainers at the test's berthd. Testcontainers reads {@code DOCKER_HOST} only from the environment,
 * which a test cannot set for its own JVM; this strategy (found through {@code META-INF/services}, Testcontainers'
 * own extension point) takes the daemon's address from the system property {@value #PROPERTY} instead, and applies
 * only while it is set.
 */
public final class BerthHostStrategy extends DockerClientProviderStrategy {

    static final String PROPERTY = "berth.it.dockerHost";

    @Override
    public String getDescription() {
        return "berthd of the integration tests (" + System.getProperty(PROPERTY) + ")";
    }

    @Override
    protected boolean isApplicable() {
        return System.getProperty(PROPERTY) != null;
    }

    @Override
    protected boolean isPersistable() {
        return false;
    }

    @Override
    protected int getPriority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public TransportConfig getTransportConfig() throws InvalidConfigurationException {
        String host = System.getProperty(PROPERTY);
        if (host == null) {
            throw new InvalidConfigurationException(PROPERTY + " is not set");
        }
        return TransportConfig.builder().dockerHost(URI.create(host)).build();
    }
}
