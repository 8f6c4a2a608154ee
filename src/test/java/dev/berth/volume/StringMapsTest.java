package dev.berth.volume;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StringMapsTest {

    @Test
    void equalMaps_shareOneSortedUnmodifiableCopy() {
        Map<String, String> first = new HashMap<>(Map.of("project", "p1", "app", "web"));
        Map<String, String> second = new HashMap<>(Map.of("app", "web", "project", "p1"));
        var a = StringMaps.canonical(first);
        var b = StringMaps.canonical(second);
        assertThat(b).isSameAs(a).isEqualTo(first);
        assertThat(a.keySet()).containsExactly("app", "project");
        assertThatThrownBy(() -> a.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void canonicalCopy_doesNotFollowLaterChangesOfTheInput() {
        Map<String, String> in = new HashMap<>(Map.of("k-" + System.nanoTime(), "v"));
        var c = StringMaps.canonical(in);
        in.put("other", "x");
        assertThat(c).hasSize(1);
    }

    @Test
    void null_staysNull_emptyStaysEmpty() {
        assertThat(StringMaps.canonical(null)).isNull();
        assertThat(StringMaps.canonical(Map.of())).isEmpty();
    }
}
