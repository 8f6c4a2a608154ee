package dev.berth.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MountInfoTest {

    private static final String FIXTURE = """
            21 26 0:20 / /proc rw,relatime - proc proc rw
            26 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard
            30 26 0:27 / /var/lib/data rw,relatime shared:5 master:2 - tmpfs tmpfs rw,size=1024k
            31 30 0:28 /sub\\040dir /var/lib/data/with\\040space\\011tab rw,nosuid master:7 - ext4 /dev/my\\134disk rw
            32 30 7:1 / /var/lib/data/vol rw - xfs /dev/loop1 rw,prjquota
            33 32 0:29 / /var/lib/data/vol ro,nodev - tmpfs stacked rw
            34 26 0:30 / /var/lib/database rw - tmpfs tmpfs rw
            """;

    @TempDir
    Path dir;

    private List<MountInfo.Entry> fixture() throws IOException {
        return MountInfo.read(Files.writeString(dir.resolve("mountinfo"), FIXTURE));
    }

    @Test
    void read_fixture_allFieldsParsed() throws IOException {
        MountInfo.Entry e = fixture().get(2);

        assertThat(e).isEqualTo(new MountInfo.Entry(30, 26, 0, 27, "/", "/var/lib/data", "rw,relatime",
                List.of("shared:5", "master:2"), "tmpfs", "tmpfs", "rw,size=1024k"));
        assertThat(e.isShared()).isTrue();
        assertThat(e.isSlave()).isTrue();
        assertThat(e.hasOption("relatime")).isTrue();
        assertThat(e.hasOption("rel")).isFalse();
    }

    @Test
    void read_octalEscapes_decoded() throws IOException {
        MountInfo.Entry e = fixture().get(3);

        assertThat(e.root()).isEqualTo("/sub dir");
        assertThat(e.mountPoint()).isEqualTo("/var/lib/data/with space\ttab");
        assertThat(e.source()).isEqualTo("/dev/my\\disk");
        assertThat(e.optionalFields()).containsExactly("master:7");
        assertThat(e.isShared()).isFalse();
        assertThat(e.isSlave()).isTrue();
    }

    @Test
    void read_noOptionalFields_emptyList() throws IOException {
        MountInfo.Entry e = fixture().getFirst();

        assertThat(e.optionalFields()).isEmpty();
        assertThat(e.isShared()).isFalse();
        assertThat(e.isSlave()).isFalse();
        assertThat(e.superOptions()).isEqualTo("rw");
    }

    @Test
    void mountOf_nestedPaths_longestComponentPrefix() throws IOException {
        List<MountInfo.Entry> entries = fixture();

        assertThat(MountInfo.mountOf(entries, Path.of("/var/lib/data/x/y")).orElseThrow().id()).isEqualTo(30);
        assertThat(MountInfo.mountOf(entries, Path.of("/var/lib/data")).orElseThrow().id()).isEqualTo(30);
        assertThat(MountInfo.mountOf(entries, Path.of("/var/lib/data/with space\ttab/f")).orElseThrow().id())
                .isEqualTo(31);
        // "/var/lib/database" starts with the string "/var/lib/data" but is not below it.
        assertThat(MountInfo.mountOf(entries, Path.of("/var/lib/database/f")).orElseThrow().id()).isEqualTo(34);
        assertThat(MountInfo.mountOf(entries, Path.of("/var/lib/datax")).orElseThrow().id()).isEqualTo(26);
        assertThat(MountInfo.mountOf(entries, Path.of("/etc/passwd")).orElseThrow().id()).isEqualTo(26);
    }

    @Test
    void mountOf_stackedMounts_lastEntryWins() throws IOException {
        MountInfo.Entry e = MountInfo.mountOf(fixture(), Path.of("/var/lib/data/vol/file")).orElseThrow();

        assertThat(e.id()).isEqualTo(33);
        assertThat(e.source()).isEqualTo("stacked");
    }

    @Test
    void mountOf_noRootEntry_empty() throws IOException {
        List<MountInfo.Entry> entries = fixture().subList(2, 3);

        assertThat(MountInfo.mountOf(entries, Path.of("/etc"))).isEmpty();
    }

    @Test
    void read_malformedLine_throws() throws IOException {
        Path file = Files.writeString(dir.resolve("bad"), "1 2 3:4 / /x rw shared:1\n");

        assertThatThrownBy(() -> MountInfo.read(file)).isInstanceOf(IOException.class)
                .hasMessage("malformed mountinfo line: 1 2 3:4 / /x rw shared:1");
    }

    @Test
    void read_self_containsRoot() throws IOException {
        assertThat(MountInfo.read()).anyMatch(e -> e.mountPoint().equals("/"));
        assertThat(MountInfo.isMountPoint(Path.of("/"))).isTrue();
        assertThat(MountInfo.isMountPoint(dir)).isFalse();
        assertThat(MountInfo.mountOf(dir)).isPresent();
    }

    @Test
    void unescape_incompleteEscape_keptLiterally() {
        assertThat(MountInfo.unescape("a\\04")).isEqualTo("a\\04");
        assertThat(MountInfo.unescape("a\\x41")).isEqualTo("a\\x41");
        assertThat(MountInfo.unescape("\\303\\251t\\303\\251")).isEqualTo("été");
    }
}
