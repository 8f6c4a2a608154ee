package dev.berth.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docker events} for volumes: create, destroy, prune; since/until replay, live streaming, filters. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeEventsIT {

    private static final String FORMAT = "{{.Type}} {{.Action}} {{.Actor.ID}} {{index .Actor.Attributes \"driver\"}}";
    TestDaemon d;

    @BeforeAll
    void start() {
        d = TestDaemon.inProcess();
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private static String now() {
        long nanos = System.currentTimeMillis() * 1_000_000L;
        return (nanos / 1_000_000_000L) + "." + String.format("%09d", nanos % 1_000_000_000L);
    }

    private List<String> events(String since, String until, String... filters) {
        List<String> args = new ArrayList<>(List.of("events", "--since", since, "--until", until, "--format", FORMAT));
        for (String f : filters) {
            args.add("--filter");
            args.add(f);
        }
        Proc.Result r = d.docker(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.lines();
    }

    @Test
    void events_replay_showsCreateDestroyPrune() throws Exception {
        String since = now();
        d.docker("volume", "create", "ev1");
        d.docker("volume", "rm", "ev1");
        d.docker("volume", "prune", "-f");
        Thread.sleep(20);
        String until = now();
        List<String> lines = events(since, until, "type=volume");
        assertThat(lines).containsExactly("volume create ev1 local", "volume destroy ev1 local", "volume prune");
        assertThat(events(since, until, "type=volume", "event=create")).containsExactly("volume create ev1 local");
        assertThat(events(since, until, "volume=ev")).containsExactly("volume create ev1 local", "volume destroy ev1 local");
        assertThat(events(since, until, "volume=other")).isEmpty();
        assertThat(events(since, until, "label=driver=local")).hasSize(2);
        assertThat(events(since, until, "type=container")).isEmpty();
    }

    @Test
    void events_prune_carriesReclaimedBytes() throws Exception {
        String since = now();
        d.docker("volume", "prune", "-f");
        Thread.sleep(20);
        Proc.Result r = d.docker("events", "--since", since, "--until", now(), "--filter", "event=prune",
                "--format", "{{.Action}} reclaimed={{index .Actor.Attributes \"reclaimed\"}}");
        assertThat(r.lines()).containsExactly("prune reclaimed=0");
    }

    @Test
    void events_invalidFilter_rejected() {
        Proc.Result r = d.docker("events", "--since", "1", "--until", "2", "--filter", "bogus=1");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("invalid filter 'bogus'");
    }

    @Test
    void events_live_streamsNewEventsUntilClientLeaves() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("docker", "events", "--filter", "type=volume", "--format", FORMAT);
        pb.environment().put("DOCKER_HOST", d.host());
        Process p = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long until = System.currentTimeMillis() + 10_000;
            while (d.daemon().events().subscriberCount() == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            d.docker("volume", "create", "live1");
            String line = out.readLine();
            assertThat(line).startsWith("volume create live");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        long deadline = System.currentTimeMillis() + 5000;
        while (d.daemon().events().subscriberCount() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(d.daemon().events().subscriberCount()).isZero();
    }
}
