package dev.berth.mount;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** moby/sys MergeTmpfsOptions behind the tmpfs defaults (§3.6, §4.8, TestRunTmpfsMountsWithOptions). */
class TmpfsOptionMergerTest {

    private static final List<String> DEFAULTS = OciMountOptions.TMPFS_DEFAULTS;

    record Case(String name, String user, List<String> expected, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no options", "", List.of("noexec", "nosuid", "nodev", "rprivate"), null),
                new Case("last wins per group and key", "rw,size=8192k,exec,size=4096k,noexec",
                        List.of("nosuid", "nodev", "rprivate", "rw", "size=4096k", "noexec"), null),
                new Case("exec overrides default", "exec",
                        List.of("nosuid", "nodev", "rprivate", "exec"), null),
                new Case("shared replaces rprivate", "shared",
                        List.of("noexec", "nosuid", "nodev", "shared"), null),
                new Case("rbind shares the propagation slot", "rbind",
                        List.of("noexec", "nosuid", "nodev", "rbind"), null),
                new Case("size and mode", "size=64m,mode=1777",
                        List.of("noexec", "nosuid", "nodev", "rprivate", "size=64m", "mode=1777"), null),
                new Case("test options of TestRunTmpfsMounts", "noexec,nosuid,rw,size=5k,mode=700",
                        List.of("nodev", "rprivate", "noexec", "nosuid", "rw", "size=5k", "mode=700"), null),
                new Case("ro and rw share a group", "ro,rw", List.of("noexec", "nosuid", "nodev", "rprivate", "rw"),
                        null),
                new Case("defaults is dropped", "defaults,uid=1000,gid=1000",
                        List.of("noexec", "nosuid", "nodev", "rprivate", "uid=1000", "gid=1000"), null),
                new Case("all data keys", "nr_inodes=1,nr_blocks=2,mpol=default",
                        List.of("noexec", "nosuid", "nodev", "rprivate", "nr_inodes=1", "nr_blocks=2",
                                "mpol=default"), null),
                new Case("atime flags", "noatime,relatime,strictatime,nodiratime,sync,dirsync,mand",
                        List.of("noexec", "nosuid", "nodev", "rprivate", "noatime", "relatime", "strictatime",
                                "nodiratime", "sync", "dirsync", "mand"), null),
                new Case("empty data key passes as moby's does", "=x",
                        List.of("noexec", "nosuid", "nodev", "rprivate", "=x"), null),
                new Case("foobar", "foobar", null, "invalid tmpfs option \"foobar\""),
                new Case("unknown data key", "foo=bar", null, "invalid tmpfs option \"foo\""),
                new Case("empty option", "rw,,noexec", null, "invalid tmpfs option \"\""),
                new Case("flag with a value", "exec=1", null, "invalid tmpfs option \"exec\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void merge_userOptions_lastWinsOrDockerError(Case c) {
        if (c.error() == null) {
            assertThat(TmpfsOptionMerger.merge(DEFAULTS, c.user())).isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> TmpfsOptionMerger.merge(DEFAULTS, c.user()))
                    .isInstanceOf(InvalidMountSpecException.class)
                    .hasMessage(c.error());
        }
    }
}
