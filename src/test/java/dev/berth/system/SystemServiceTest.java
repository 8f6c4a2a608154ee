package dev.berth.system;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The host facts Docker derives differently from the JVM: CPUs by affinity, the backing filesystem's name. */
class SystemServiceTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0-1|2", "0|1", "0-3,6|5", " 0-3,6\t|5", "0,2,4-7|6", "0-63|64",
            "''|0", "3-1|0", "a-b|0", "0-|0"})
    void countCpuList(String list, int expected) {
        assertThat(SystemService.countCpuList(list)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "61267, extfs", "1481003842, xfs", "2435016766, btrfs", "16914836, tmpfs", "2035054128, overlayfs",
            "26985, nfs", "801189825, zfs", "1702057286, fuse", "12345, <unknown>"})
    void filesystemName_dockersNames(long magic, String name) {
        assertThat(SystemService.filesystemName(magic)).isEqualTo(name);
    }
}
