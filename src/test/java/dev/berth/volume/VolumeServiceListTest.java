package dev.berth.volume;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** List filters (§1.3): dangling, name (exact or regexp), driver (exact), label (AND). */
class VolumeServiceListTest {

    @TempDir
    static Path dir;

    private static ServiceFixture fx;
    private static String anon;

    @BeforeAll
    static void setUp() {
        fx = new ServiceFixture(dir, new MemoryDriver("fake"));
        VolumeService svc = fx.service;
        svc.create(new CreateVolume("v1", null, null, Map.of("a", "1", "b", "2"), null).withReference("c1"));
        svc.create(new CreateVolume("v2", null, null, Map.of("a", "2"), null));
        svc.create(CreateVolume.named("v3"));
        svc.create(new CreateVolume("testisinuse1", null, null, Map.of("b", ""), null).withReference("c2"));
        svc.create(CreateVolume.named("testisinuse2"));
        svc.create(CreateVolume.named("testnoref"));
        svc.create(new CreateVolume("pv", "fake", null, Map.of("a", "1"), null));
        anon = svc.create(new CreateVolume(null, null, null, null, null)).name();
        svc.create(new CreateVolume("gone", null, null, Map.of("a", "1"), null));
        svc.remove("gone", false);
    }

    @AfterAll
    static void tearDown() {
        fx.close();
    }

    private static FilterArgs f(String... kv) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new LinkedHashSet<>()).add(kv[i + 1]);
        }
        return new FilterArgs(m);
    }

    private static List<String> names(FilterArgs filter) {
        return fx.service.list(filter).volumes().stream().map(Volume::name).sorted().toList();
    }

    record Case(String name, FilterArgs filter, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no filter", FilterArgs.EMPTY,
                        List.of("<anon>", "pv", "testisinuse1", "testisinuse2", "testnoref", "v1", "v2", "v3")),
                new Case("dangling=true", f("dangling", "true"),
                        List.of("<anon>", "pv", "testisinuse2", "testnoref", "v2", "v3")),
                new Case("dangling=1", f("dangling", "1"),
                        List.of("<anon>", "pv", "testisinuse2", "testnoref", "v2", "v3")),
                new Case("dangling=false", f("dangling", "false"), List.of("testisinuse1", "v1")),
                new Case("dangling=0", f("dangling", "0"), List.of("testisinuse1", "v1")),
                new Case("name substring", f("name", "testisin"), List.of("testisinuse1", "testisinuse2")),
                new Case("name exact", f("name", "v1"), List.of("v1")),
                new Case("name regexp", f("name", "^v[23]$"), List.of("v2", "v3")),
                new Case("names OR-ed", f("name", "v1", "name", "pv"), List.of("pv", "v1")),
                new Case("name bad regexp", f("name", "v(1"), List.of()),
                new Case("name and dangling", f("name", "testisin", "dangling", "true"), List.of("testisinuse2")),
                new Case("driver local", f("driver", "local"),
                        List.of("<anon>", "testisinuse1", "testisinuse2", "testnoref", "v1", "v2", "v3")),
                new Case("driver not a prefix", f("driver", "loca"), List.of()),
                new Case("driver plugin", f("driver", "fake"), List.of("pv")),
                new Case("label key", f("label", "a"), List.of("pv", "v1", "v2")),
                new Case("label key=value", f("label", "a=1"), List.of("pv", "v1")),
                new Case("labels AND-ed", f("label", "a=1", "label", "b"), List.of("v1")),
                new Case("labels AND-ed, none", f("label", "a=1", "label", "b=3"), List.of()),
                new Case("label empty value", f("label", "b="), List.of("testisinuse1")),
                new Case("label unknown", f("label", "zzz"), List.of()),
                new Case("anonymous label", f("label", VolumeService.ANONYMOUS_LABEL), List.of("<anon>")),
                new Case("label and dangling", f("label", "a", "dangling", "true"), List.of("pv", "v2")),
                new Case("label and driver", f("label", "a=1", "driver", "local"), List.of("v1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void list_filter_matchingVolumes(Case c) {
        List<String> expected = c.expected().stream().map(n -> n.equals("<anon>") ? anon : n).sorted().toList();
        assertThat(names(c.filter())).isEqualTo(expected);
    }

    static Stream<FilterArgs> labelFilters() {
        return Stream.of(f("label", "a"), f("label", "a=1"), f("label", "a=2"), f("label", "b"),
                f("label", "b="), f("label", "a", "label", "b"), f("label", "a=1", "label", "b=2"),
                f("label", "nope"), f("label", "a=nope"), f("label", VolumeService.ANONYMOUS_LABEL));
    }

    @ParameterizedTest
    @MethodSource("labelFilters")
    void list_labelIndexPath_sameAsFullScan(FilterArgs filter) {
        List<String> fullScan = fx.service.list(FilterArgs.EMPTY).volumes().stream()
                .filter(v -> filter.matchLabels("label", v.labels()))
                .map(Volume::name).sorted().toList();
        assertThat(names(filter)).isEqualTo(fullScan);
    }

    @Test
    void list_anyFilter_nullWarnings() {
        assertThat(fx.service.list(FilterArgs.EMPTY).warnings()).isNull();
    }

    record ErrorCase(String name, FilterArgs filter, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ErrorCase> errors() {
        return Stream.of(
                new ErrorCase("unknown key", f("x", "1"), "invalid filter 'x'"),
                new ErrorCase("prune-only key", f("label!", "a"), "invalid filter 'label!'"),
                new ErrorCase("dangling=invalid", f("dangling", "invalid"), "invalid filter 'dangling=[invalid]'"),
                new ErrorCase("dangling both", f("dangling", "true", "dangling", "false"),
                        "invalid filter 'dangling=[true false]'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void list_badFilter_invalidFilter(ErrorCase c) {
        assertThatThrownBy(() -> fx.service.list(c.filter()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage(c.error());
    }
}
