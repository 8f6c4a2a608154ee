package dev.berth.errors;

/**
 * A request that only a swarm manager can serve, on a node that is in no swarm (berth never is): Docker's answer
 * when its cluster component has no swarm node.
 */
public final class NotSwarmManagerException extends UnavailableException {

    public NotSwarmManagerException() {
        super("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this"
                + " node to swarm and try again.");
    }
}
