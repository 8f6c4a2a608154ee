package dev.berth.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NaturalOrderTest {

    /** {a, b, expected sign of compare(a, b)}. */
    private static final Object[][] CASES = {
        {"v9", "v10", -1},
        {"v10", "v9", 1},
        {"v10", "v10", 0},
        {"abc2", "abc12", -1},
        {"2", "02", -1},
        {"02", "2", 1},
        {"a02b", "a2c", 1},        // the numbers tie on value; fewer leading zeros wins before the rest is read
        {"a002", "a02", 1},
        {"a0", "a00", -1},
        {"ab1", "abc1", -1},       // a digit sorts before a non-digit
        {"ab", "ab1", -1},         // a prefix sorts first
        {"ab", "abc", -1},
        {"", "a", -1},
        {"", "", 0},
        {"a", "B", 1},             // bytewise: upper case first
        {"x-1", "x_1", -1},
        {"12345678901234567890", "12345678901234567891", -1}, // numbers longer than a long
        {"1a", "a1", -1},
        {"v1.10", "v1.9", 1},
    };

    @Test
    void comparesLikeDockersNaturalOrder() {
        for (Object[] c : CASES) {
            int got = Integer.signum(NaturalOrder.INSTANCE.compare((String) c[0], (String) c[1]));
            assertThat(got).as("compare(%s, %s)", c[0], c[1]).isEqualTo(c[2]);
        }
    }

    @Test
    void sortsVolumeNames() {
        List<String> names = new ArrayList<>(List.of("v10", "v2", "v1", "v01", "w", "V3", "v9"));
        Collections.shuffle(names, new java.util.Random(1));
        names.sort(NaturalOrder.INSTANCE);
        assertThat(names).containsExactly("V3", "v1", "v01", "v2", "v9", "v10", "w");
    }
}
