package dev.berth.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.berth.sys.LinuxMount.MS_BIND;
import static dev.berth.sys.LinuxMount.MS_DIRSYNC;
import static dev.berth.sys.LinuxMount.MS_MANDLOCK;
import static dev.berth.sys.LinuxMount.MS_NOATIME;
import static dev.berth.sys.LinuxMount.MS_NODEV;
import static dev.berth.sys.LinuxMount.MS_NODIRATIME;
import static dev.berth.sys.LinuxMount.MS_NOEXEC;
import static dev.berth.sys.LinuxMount.MS_NOSUID;
import static dev.berth.sys.LinuxMount.MS_PRIVATE;
import static dev.berth.sys.LinuxMount.MS_RDONLY;
import static dev.berth.sys.LinuxMount.MS_REC;
import static dev.berth.sys.LinuxMount.MS_RELATIME;
import static dev.berth.sys.LinuxMount.MS_REMOUNT;
import static dev.berth.sys.LinuxMount.MS_SHARED;
import static dev.berth.sys.LinuxMount.MS_SLAVE;
import static dev.berth.sys.LinuxMount.MS_STRICTATIME;
import static dev.berth.sys.LinuxMount.MS_SYNCHRONOUS;
import static dev.berth.sys.LinuxMount.MS_UNBINDABLE;
import static org.assertj.core.api.Assertions.assertThat;

class MountOptionsTest {

    record Case(String name, String options, long flags, String data) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("flags and data split", "ro,nosuid,size=10m,mode=700", MS_RDONLY | MS_NOSUID,
                        "size=10m,mode=700"),
                new Case("moby's own example", "noatime,ro,noexec,size=10k", MS_NOATIME | MS_RDONLY | MS_NOEXEC,
                        "size=10k"),
                new Case("bind", "bind", MS_BIND, ""),
                new Case("rbind", "rbind", MS_BIND | MS_REC, ""),
                new Case("defaults", "defaults", 0, ""),
                new Case("rw after ro clears", "ro,rw", 0, ""),
                new Case("ro after rw sets", "rw,ro", MS_RDONLY, ""),
                new Case("suid clears nosuid", "nosuid,suid", 0, ""),
                new Case("dev clears nodev", "nodev,dev", 0, ""),
                new Case("exec clears noexec", "noexec,nodev,exec", MS_NODEV, ""),
                new Case("sync and async", "sync,async,dirsync", MS_DIRSYNC, ""),
                new Case("sync", "sync", MS_SYNCHRONOUS, ""),
                new Case("remount", "remount,ro", MS_REMOUNT | MS_RDONLY, ""),
                new Case("mand, nomand", "mand", MS_MANDLOCK, ""),
                new Case("nomand clears", "mand,nomand", 0, ""),
                new Case("atime clears noatime", "noatime,atime", 0, ""),
                new Case("nodiratime", "nodiratime", MS_NODIRATIME, ""),
                new Case("diratime clears", "nodiratime,diratime", 0, ""),
                new Case("propagation flags", "private,rshared", MS_PRIVATE | MS_SHARED | MS_REC, ""),
                new Case("rslave", "rslave", MS_SLAVE | MS_REC, ""),
                new Case("slave", "slave", MS_SLAVE, ""),
                new Case("unbindable", "unbindable", MS_UNBINDABLE, ""),
                new Case("runbindable", "runbindable", MS_UNBINDABLE | MS_REC, ""),
                new Case("rprivate", "rprivate", MS_PRIVATE | MS_REC, ""),
                new Case("relatime then norelatime", "relatime,norelatime", 0, ""),
                new Case("strictatime", "strictatime", MS_STRICTATIME, ""),
                new Case("nostrictatime clears", "strictatime,nostrictatime", 0, ""),
                new Case("relatime", "relatime", MS_RELATIME, ""),
                new Case("unknown tokens kept in order", "addr=1.2.3.4,vers=4,soft,ro", MS_RDONLY,
                        "addr=1.2.3.4,vers=4,soft"),
                new Case("nosymfollow is data as in Docker", "nosymfollow,lazytime", 0, "nosymfollow,lazytime"),
                new Case("password stays in data", "username=u,password=p", 0, "username=u,password=p"),
                new Case("empty", "", 0, ""),
                new Case("null", null, 0, ""),
                new Case("empty tokens dropped", "size=1m,,ro,", MS_RDONLY, "size=1m"),
                new Case("case sensitive", "RO", 0, "RO"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parse_table_flagsAndData(Case c) {
        MountOptions parsed = MountOptions.parse(c.options());

        assertThat(parsed.flags()).as("flags").isEqualTo(c.flags());
        assertThat(parsed.data()).as("data").isEqualTo(c.data());
    }

    @Test
    void isFlag_tableEntryAndDataOption_distinguished() {
        assertThat(MountOptions.isFlag("nodev")).isTrue();
        assertThat(MountOptions.isFlag("size=1m")).isFalse();
    }

    @Test
    void constructor_nullData_empty() {
        assertThat(new MountOptions(MS_RDONLY, null).data()).isEmpty();
    }
}
