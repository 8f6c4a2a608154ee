package dev.berth.it;

import dev.berth.cli.ApiClient;
import dev.berth.json.Json;
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

/**
 * {@code docker events} for volumes: create, destroy, prune; since/until replay (either bound alone too), the
 * since-after-until 400, live streaming, filters (unknown keys ignored).
 */
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

    /** moby's getEvents does not validate event filter keys; its matcher ignores the ones it does not know. */
    @Test
    void events_unknownFilterKey_ignored() throws Exception {
        String since = now();
        d.docker("volume", "create", "evk1");
        d.docker("volume", "rm", "evk1");
        Thread.sleep(20);
        String until = now();
        assertThat(events(since, until, "bogus=1")).containsExactly("volume create evk1 local",
                "volume destroy evk1 local");
        assertThat(events(since, until, "bogus=1", "event=destroy")).containsExactly("volume destroy evk1 local");
        // The CLI lower-cases keys (Type= would be type=); labels is not label.
        assertThat(events(since, until, "labels=nosuch", "volume=evk")).hasSize(2);
        try (ApiClient c = d.client()) {
            ApiClient.Response r = c.get("/events?since=" + since + "&until=" + until + "&filters="
                    + ApiClient.enc("{\"foo\":{\"bar\":true}}"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text().lines().toList()).hasSize(2);
        }
    }

    /** {@code until} alone replays the buffered past up to it, and ends once it is past. */
    @Test
    void events_untilOnly_replaysPastEvents() throws Exception {
        d.docker("volume", "create", "evu1");
        Thread.sleep(20);
        Proc.Result r = d.docker("events", "--until", now(), "--filter", "volume=evu1", "--format", FORMAT);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.lines()).containsExactly("volume create evu1 local");
        d.docker("volume", "rm", "evu1");
    }

    /** {@code until} alone and in the future: the past first, then live events until {@code until}. */
    @Test
    void events_untilInFuture_replaysThenStreamsUntilDeadline() throws Exception {
        d.docker("volume", "create", "evf1");
        long untilMs = System.currentTimeMillis() + 3000;
        Thread.ofPlatform().daemon().start(() -> {
            TestDaemon.sleep(1000);
            d.docker("volume", "rm", "evf1");
        });
        String until = (untilMs / 1000) + "." + String.format("%03d", untilMs % 1000);
        long start = System.nanoTime();
        Proc.Result r = d.docker("events", "--until", until, "--filter", "volume=evf1", "--format", FORMAT);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.lines()).containsExactly("volume create evf1 local", "volume destroy evf1 local");
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(untilMs - 50);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void events_sinceAfterUntil_badRequestWithMobyText() throws Exception {
        Proc.Result r = d.docker("events", "--since", "10", "--until", "3");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("Error response from daemon: `since` time (10) cannot be after `until` time (3)");
        try (ApiClient c = d.client()) {
            ApiClient.Response bad = c.get("/events?since=1700000000.5&until=1700000000.25");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(bad.body()).get("message").asText())
                    .isEqualTo("`since` time (1700000000.5) cannot be after `until` time (1700000000.25)");
            ApiClient.Response equal = c.get("/events?since=1700000000&until=1700000000");
            assertThat(equal.status()).isEqualTo(200);
        }
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
