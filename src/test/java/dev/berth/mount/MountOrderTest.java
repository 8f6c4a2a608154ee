package dev.berth.mount;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class MountOrderTest {

    @Test
    void sortForMounting_byDepth_parentsFirstStable() {
        List<String> sorted = MountOrder.sortForMounting(
                List.of("/tmp/foo", "/etc/resolv.conf", "/tmp", "/b", "/etc/", "/a//x/"), Function.identity());
        assertThat(sorted).containsExactly("/tmp", "/b", "/etc/", "/tmp/foo", "/etc/resolv.conf", "/a//x/");
    }
}
