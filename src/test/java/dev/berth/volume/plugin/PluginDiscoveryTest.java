package dev.berth.volume.plugin;

import dev.berth.errors.InternalException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginDiscoveryTest {

    @TempDir
    Path dir;
    private final List<ServerSocketChannel> sockets = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeSockets() throws IOException {
        for (ServerSocketChannel s : sockets) {
            s.close();
        }
    }

    private Path socket(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(p));
        sockets.add(s);
        return p;
    }

    @Test
    void socket_directlyOrInItsOwnDirectory() throws IOException {
        Path sockets = dir.resolve("run");
        PluginDiscovery d = new PluginDiscovery(sockets, List.of(dir.resolve("etc")));
        socket(sockets.resolve("flat.sock"));
        socket(sockets.resolve("nested").resolve("nested.sock"));

        assertThat(d.find("flat")).get().extracting(PluginAddress::url).isEqualTo("unix://" + sockets.resolve("flat.sock"));
        assertThat(d.find("nested")).get().extracting(PluginAddress::url)
                .isEqualTo("unix://" + sockets.resolve("nested/nested.sock"));
        assertThat(d.find("missing")).isEmpty();
        assertThat(d.names()).containsExactlyInAnyOrder("flat", "nested");
    }

    @Test
    void aRegularFileNamedLikeASocket_isNotAPlugin() throws IOException {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(dir.resolve("run/fake.sock"), "");
        PluginDiscovery d = new PluginDiscovery(dir.resolve("run"), List.of());

        assertThat(d.find("fake")).isEmpty();
        assertThat(d.names()).isEmpty();
    }

    @Test
    void specFiles_inOrder_socketFirst() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(etc.resolve("a.spec"), "tcp://127.0.0.1:8080\n");
        Files.writeString(lib.resolve("a.spec"), "unix:///elsewhere.sock");
        Files.writeString(lib.resolve("b.json"), "{\"Name\":\"ignored\",\"Addr\":\"unix:///run/b.sock\"}");
        Files.createDirectories(lib.resolve("c"));
        Files.writeString(lib.resolve("c/c.spec"), "unix:///run/c.sock");
        socket(dir.resolve("run/s.sock"));
        Files.writeString(etc.resolve("s.spec"), "tcp://127.0.0.1:1");
        PluginDiscovery d = new PluginDiscovery(dir.resolve("run"), List.of(etc, lib));

        PluginAddress a = d.find("a").orElseThrow();
        assertThat(a.socket()).isEqualTo(new InetSocketAddress("127.0.0.1", 8080));
        assertThat(d.find("b").orElseThrow().socket()).isEqualTo(UnixDomainSocketAddress.of("/run/b.sock"));
        assertThat(d.find("b").orElseThrow().name()).isEqualTo("b");
        assertThat(d.find("c").orElseThrow().url()).isEqualTo("unix:///run/c.sock");
        assertThat(d.find("s").orElseThrow().url()).startsWith("unix://");
        assertThat(d.names()).containsExactlyInAnyOrder("s", "a", "b", "c").startsWith("s");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost:8080           | plugin p: unsupported protocol localhost in localhost:8080 (unix and tcp are)",
        "/run/x.sock              | Unknown protocol",
        "ftp://host:21            | plugin p: unsupported protocol ftp in ftp://host:21 (unix and tcp are)",
        "tcp://host               | plugin p: no host and port in tcp://host",
        "unix://                  | plugin p: invalid address unix://: Expected authority",
        "unix:///                 | plugin p: no socket path in unix:///",
    })
    void badSpec_refusedWithItsReason(String url, String message) throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("p.spec"), url);
        PluginDiscovery d = PluginDiscovery.in(etc);

        assertThatThrownBy(() -> d.find("p")).isInstanceOf(InternalException.class).hasMessage(message);
    }

    @Test
    void jsonSpecWithTls_refused() throws IOException {
        Files.writeString(dir.resolve("t.json"), "{\"Addr\":\"tcp://127.0.0.1:1\",\"TLSConfig\":{\"CAFile\":\"x\"}}");

        assertThatThrownBy(() -> PluginDiscovery.in(dir).find("t"))
                .hasMessageEndingWith("TLSConfig is not supported by berth");
    }

    @ParameterizedTest
    @CsvSource({"a/b", "..", ".", "../etc/passwd"})
    void namesThatAreNotPlainFileNames_neverFound(String name) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/b.spec"), "unix:///x.sock");

        assertThat(PluginDiscovery.in(dir).find(name)).isEmpty();
    }

    @Test
    void missingDirectories_noPlugins() {
        PluginDiscovery d = PluginDiscovery.in(dir.resolve("nope"));

        assertThat(d.find("x")).isEmpty();
        assertThat(d.names()).isEmpty();
    }
}
