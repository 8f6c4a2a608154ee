package dev.berth.api.wire;

import dev.berth.events.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Docker's events.Message as one JSON line; deprecated status/id/from only on container and image events. */
class EventWireTest {

    private static final long NANO = 1_795_707_000_123_456_789L;
    private static final String TIME = "\"scope\":\"local\",\"time\":1795707000,\"timeNano\":1795707000123456789}\n";

    record Case(String name, Event event, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("volume create", new Event("volume", "create", "qq", Map.of("driver", "local"), "local", NANO),
                        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"qq\",\"Attributes\":"
                                + "{\"driver\":\"local\"}}," + TIME),
                new Case("volume destroy", new Event("volume", "destroy", "qq", Map.of("driver", "local"), "local",
                        NANO),
                        "{\"Type\":\"volume\",\"Action\":\"destroy\",\"Actor\":{\"ID\":\"qq\",\"Attributes\":"
                                + "{\"driver\":\"local\"}}," + TIME),
                new Case("volume prune, empty actor", new Event("volume", "prune", "", Map.of("reclaimed", "1234"),
                        "local", NANO),
                        "{\"Type\":\"volume\",\"Action\":\"prune\",\"Actor\":{\"ID\":\"\",\"Attributes\":"
                                + "{\"reclaimed\":\"1234\"}}," + TIME),
                new Case("volume mount, attributes sorted", new Event("volume", "mount", "qq",
                        ordered("read/write", "true", "driver", "local", "propagation", "", "destination", "/data",
                                "container", "abc"), "local", NANO),
                        "{\"Type\":\"volume\",\"Action\":\"mount\",\"Actor\":{\"ID\":\"qq\",\"Attributes\":"
                                + "{\"container\":\"abc\",\"destination\":\"/data\",\"driver\":\"local\","
                                + "\"propagation\":\"\",\"read/write\":\"true\"}}," + TIME),
                new Case("container start carries status, id, from", new Event("container", "start", "abc",
                        ordered("name", "web", "image", "busybox"), "local", NANO),
                        "{\"status\":\"start\",\"id\":\"abc\",\"from\":\"busybox\",\"Type\":\"container\","
                                + "\"Action\":\"start\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":"
                                + "{\"image\":\"busybox\","
                                + "\"name\":\"web\"}}," + TIME),
                new Case("container event without image has no from", new Event("container", "die", "abc",
                        Map.of("exitCode", "0"), "local", NANO),
                        "{\"status\":\"die\",\"id\":\"abc\",\"Type\":\"container\",\"Action\":\"die\",\"Actor\":"
                                + "{\"ID\":\"abc\",\"Attributes\":{\"exitCode\":\"0\"}}," + TIME),
                new Case("image event carries status and id", new Event("image", "pull", "busybox:latest",
                        Map.of("name", "busybox"), "local", NANO),
                        "{\"status\":\"pull\",\"id\":\"busybox:latest\",\"Type\":\"image\",\"Action\":\"pull\","
                                + "\"Actor\":{\"ID\":\"busybox:latest\",\"Attributes\":{\"name\":\"busybox\"}},"
                                + TIME),
                new Case("network event has no deprecated fields", new Event("network", "connect", "n1",
                        Map.of(), "local", NANO),
                        "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"n1\",\"Attributes\":{}},"
                                + TIME),
                new Case("health status action with colon", new Event("container", "health_status: healthy", "abc",
                        Map.of(), "local", NANO),
                        "{\"status\":\"health_status: healthy\",\"id\":\"abc\",\"Type\":\"container\","
                                + "\"Action\":\"health_status: healthy\",\"Actor\":{\"ID\":\"abc\",\"Attributes\":{}},"
                                + TIME),
                new Case("HTML characters escaped as Go's default encoder does", new Event("volume", "create", "qq",
                        Map.of("<k>", "a&b\u2028"), "local", NANO),
                        "{\"Type\":\"volume\",\"Action\":\"create\",\"Actor\":{\"ID\":\"qq\",\"Attributes\":"
                                + "{\"\\u003ck\\u003e\":\"a\\u0026b\\u2028\"}}," + TIME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encode_event_dockerMessageLine(Case c) {
        assertThat(new String(EventWire.encode(c.event()), StandardCharsets.UTF_8)).isEqualTo(c.line());
    }
}
