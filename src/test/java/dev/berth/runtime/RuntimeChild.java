package dev.berth.runtime;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A stand-in for the daemon, run as a separate JVM by {@link RestoreIT}: creates and starts one container, says
 * so on stdout, then waits to be killed.
 */
public final class RuntimeChild {

    private RuntimeChild() {
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        Path bundle = Path.of(args[1]);
        String id = args[2];
        Path log = Path.of(args[3]);
        ConmonRuntime runtime = ConmonRuntime.open(new RuntimeConfig(stateDir, RuntimeFixture.RUNC,
                RuntimeFixture.CONMON, Duration.ofSeconds(60)), e -> { });
        runtime.create(id, bundle, CreateOptions.logTo(log));
        runtime.start(id);
        System.out.println("started");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
