package dev.berth.daemon;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DaemonConfigTest {

    record Case(String name, String host, Path socket, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> hosts() {
        return Stream.of(
                new Case("unix URL", "unix:///run/berth/berth.sock", Path.of("/run/berth/berth.sock"), null),
                new Case("plain path", "/tmp/b.sock", Path.of("/tmp/b.sock"), null),
                new Case("tcp", "tcp://127.0.0.1:2375", null,
                        "unsupported host tcp://127.0.0.1:2375: only unix:///path is supported"),
                new Case("relative path", "b.sock", null, "unsupported host b.sock: only unix:///path is supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void parseHost_host_socketPathOrError(Case c) {
        if (c.error() == null) {
            assertThat(DaemonConfig.parseHost(c.host())).isEqualTo(c.socket());
        } else {
            assertThatThrownBy(() -> DaemonConfig.parseHost(c.host()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void new_relativePaths_absoluteAndNormalised() {
        DaemonConfig c = new DaemonConfig(Path.of("a/../data"), Path.of("/run//b.sock"), Path.of("/run/x/."), "info");
        assertThat(c.dataRoot()).isEqualTo(Path.of("").toAbsolutePath().resolve("data"));
        assertThat(c.socket()).isEqualTo(Path.of("/run/b.sock"));
        assertThat(c.execRoot()).isEqualTo(Path.of("/run/x"));
    }

    @Test
    void new_socketPathOf107Bytes_accepted() {
        Path socket = Path.of("/" + "s".repeat(106));
        assertThat(new DaemonConfig(Path.of("/d"), socket, Path.of("/e"), "info").socket()).isEqualTo(socket);
    }

    @Test
    void new_socketPathOf108Bytes_rejected() {
        Path socket = Path.of("/" + "s".repeat(107));
        assertThatThrownBy(() -> new DaemonConfig(Path.of("/d"), socket, Path.of("/e"), "info"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("socket path too long (max 107 bytes): " + socket);
    }
}
