package dev.berth.volume;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.filter.FilterArgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Volume prune (§1.7): candidates, filters, reclaimed bytes, events, one prune at a time. */
class PrunerTest {

    @TempDir
    Path dir;

    private ServiceFixture fx;
    private VolumeService svc;

    @BeforeEach
    void setUp() {
        fx = new ServiceFixture(dir, new MemoryDriver("fake"));
        svc = fx.service;
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static FilterArgs f(String... kv) {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new LinkedHashSet<>()).add(kv[i + 1]);
        }
        return new FilterArgs(m);
    }

    private void named(String name, String... labels) {
        Map<String, String> l = new LinkedHashMap<>();
        for (String s : labels) {
            String[] kv = s.split("=", 2);
            l.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        svc.create(new CreateVolume(name, null, null, l, null));
    }

    private String anonymous() {
        return svc.create(new CreateVolume(null, null, null, null, null)).name();
    }

    private List<String> remaining() {
        return svc.list(FilterArgs.EMPTY).volumes().stream().map(Volume::name).sorted().toList();
    }

    @Test
    void prune_noFilter_anonymousUnusedOnly() {
        named("keep");
        String a1 = anonymous();
        String a2 = anonymous();
        svc.acquire(a2, "c1");
        PruneReport r = svc.prune(FilterArgs.EMPTY);
        assertThat(r.volumesDeleted()).containsExactly(a1);
        assertThat(remaining()).containsExactlyInAnyOrder("keep", a2);
    }

    record AllCase(String name, FilterArgs filter, boolean all) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<AllCase> allValues() {
        return Stream.of(
                new AllCase("all=true", f("all", "true"), true),
                new AllCase("all=1", f("all", "1"), true),
                new AllCase("all=True", f("all", "True"), true),
                new AllCase("all=t", f("all", "t"), true),
                new AllCase("all=false", f("all", "false"), false),
                new AllCase("all=0", f("all", "0"), false),
                new AllCase("all=F", f("all", "F"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allValues")
    void prune_allFilter_goParseBool(AllCase c) {
        named("named");
        String anon = anonymous();
        PruneReport r = svc.prune(c.filter());
        if (c.all()) {
            assertThat(r.volumesDeleted()).containsExactlyInAnyOrder("named", anon);
        } else {
            assertThat(r.volumesDeleted()).containsExactly(anon);
        }
    }

    record ErrorCase(String name, FilterArgs filter, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ErrorCase> errors() {
        return Stream.of(
                new ErrorCase("two all values in given order", new FilterArgs(Map.of("all",
                        new LinkedHashSet<>(Arrays.asList("a", "b")))),
                                "invalid filter 'all=[a b]': only one value is expected"),
                new ErrorCase("two all values reversed", new FilterArgs(Map.of("all",
                        new LinkedHashSet<>(Arrays.asList("true", "1")))),
                        "invalid filter 'all=[true 1]': only one value is expected"),
                new ErrorCase("all=x", f("all", "x"),
                        "invalid filter 'all': strconv.ParseBool: parsing \"x\": invalid syntax"),
                new ErrorCase("all=yes", f("all", "yes"),
                        "invalid filter 'all': strconv.ParseBool: parsing \"yes\": invalid syntax"),
                new ErrorCase("all empty string", f("all", ""),
                        "invalid filter 'all': strconv.ParseBool: parsing \"\": invalid syntax"),
                new ErrorCase("all value Go-quoted", f("all", "a\"b\n"),
                        "invalid filter 'all': strconv.ParseBool: parsing \"a\\\"b\\n\": invalid syntax"),
                new ErrorCase("list-only key", f("dangling", "true"), "invalid filter 'dangling'"),
                new ErrorCase("unknown key", f("until", "1h"), "invalid filter 'until'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void prune_badFilter_dockerError(ErrorCase c) {
        named("named");
        assertThatThrownBy(() -> svc.prune(c.filter()))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage(c.error());
        assertThat(remaining()).containsExactly("named");
    }

    record LabelCase(String name, FilterArgs filter, List<String> pruned) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<LabelCase> labelCases() {
        return Stream.of(
                new LabelCase("label key", f("all", "true", "label", "a"), List.of("va", "vab")),
                new LabelCase("label key=value", f("all", "true", "label", "a=1"), List.of("va", "vab")),
                new LabelCase("labels AND-ed", f("all", "true", "label", "a", "label", "b"), List.of("vab")),
                new LabelCase("label!", f("all", "true", "label!", "a"), List.of("vb", "vnone")),
                new LabelCase("label! key=value", f("all", "true", "label!", "b=1"), List.of("va", "vnone")),
                new LabelCase("label! excluded only when all match", f("all", "true", "label!", "a", "label!", "b"),
                        List.of("va", "vb", "vnone")),
                new LabelCase("label and label!", f("all", "true", "label", "a", "label!", "b"), List.of("va")),
                new LabelCase("label without all: anonymous only", f("label", "a"), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelCases")
    void prune_labelFilters_dockerSemantics(LabelCase c) {
        named("va", "a=1");
        named("vab", "a=1", "b=1");
        named("vb", "b=1");
        named("vnone");
        assertThat(svc.prune(c.filter()).volumesDeleted()).containsExactlyInAnyOrderElementsOf(c.pruned());
    }

    @Test
    void prune_anonymousWithLabel_labelAndAnonymousBothRequired() {
        String a = svc.create(new CreateVolume(null, null, null, Map.of("x", "1"), null)).name();
        anonymous();
        named("named", "x=1");
        assertThat(svc.prune(f("label", "x")).volumesDeleted()).containsExactly(a);
    }

    @Test
    void prune_volumeWithOptionsOrReferenceOrPlugin_neverPruned() {
        svc.create(new CreateVolume("opts", null, Map.of("type", "tmpfs", "device", "tmpfs"), null, null));
        named("used");
        svc.acquire("used", "c1");
        svc.create(new CreateVolume("pv", "fake", null, null, null));
        named("free");
        PruneReport r = svc.prune(f("all", "true"));
        assertThat(r.volumesDeleted()).containsExactly("free");
        assertThat(r.spaceReclaimed()).isZero();
        assertThat(remaining()).containsExactly("opts", "pv", "used");
    }

    @Test
    void prune_filesWritten_spaceReclaimedCountsHardLinksOnce() throws Exception {
        named("big");
        named("small");
        named("empty");
        Path big = fx.volumesRoot().resolve("big/_data");
        Files.write(big.resolve("f1"), new byte[1000]);
        Files.createDirectories(big.resolve("sub/deeper"));
        Files.write(big.resolve("sub/deeper/f2"), new byte[234]);
        Files.createLink(big.resolve("sub/h1"), big.resolve("f1"));
        Files.write(fx.volumesRoot().resolve("small/_data/s"), new byte[66]);
        PruneReport r = svc.prune(f("all", "true"));
        assertThat(r.volumesDeleted()).containsExactly("big", "empty", "small");
        assertThat(r.spaceReclaimed()).isEqualTo(1300);
        fx.local.drainTrash();
        assertThat(Files.exists(fx.volumesRoot().resolve("big"))).isFalse();
    }

    @Test
    void prune_manyVolumes_allInOneBatchWithSizesAndEvents() throws Exception {
        for (int i = 0; i < 120; i++) {
            named(String.format("v%03d", i));
        }
        for (int i = 0; i < 120; i += 3) {
            Files.write(fx.volumesRoot().resolve(String.format("v%03d/_data/f", i)), new byte[i]);
        }
        fx.events.events.clear();
        PruneReport r = svc.prune(f("all", "true"));
        assertThat(r.volumesDeleted()).hasSize(120).isSorted();
        // 0 + 3 + 6 + ... + 117
        assertThat(r.spaceReclaimed()).isEqualTo(3L * 39 * 40 / 2);
        assertThat(fx.events.ofAction("destroy")).hasSize(120);
        assertThat(remaining()).isEmpty();
        fx.restart();
        assertThat(fx.service.list(FilterArgs.EMPTY).volumes()).isEmpty();
        fx.local.drainTrash();
        try (Stream<Path> left = Files.list(fx.volumesRoot())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(".trash");
        }
    }

    @Test
    void prune_directoryDeletedOutOfBand_prunedWithNoSize() throws Exception {
        named("gone");
        named("here");
        Files.write(fx.volumesRoot().resolve("here/_data/f"), new byte[7]);
        Files.delete(fx.volumesRoot().resolve("gone/_data"));
        Files.delete(fx.volumesRoot().resolve("gone"));
        PruneReport r = svc.prune(f("all", "true"));
        assertThat(r.volumesDeleted()).containsExactly("gone", "here");
        assertThat(r.spaceReclaimed()).isEqualTo(7);
    }

    @Test
    void prune_events_destroyPerVolumeThenPruneWithReclaimed() throws Exception {
        named("a1");
        named("a2");
        Files.write(fx.volumesRoot().resolve("a2/_data/f"), new byte[10]);
        fx.events.events.clear();
        svc.prune(f("all", "true"));
        assertThat(fx.events.events).containsExactly(
                new ServiceFixture.Published("volume", "destroy", "a1", Map.of("driver", "local")),
                new ServiceFixture.Published("volume", "destroy", "a2", Map.of("driver", "local")),
                new ServiceFixture.Published("volume", "prune", "", Map.of("reclaimed", "10")));
    }

    @Test
    void prune_nothingToPrune_emptyReportAndEvent() {
        named("named");
        PruneReport r = svc.prune(FilterArgs.EMPTY);
        assertThat(r.volumesDeleted()).isEmpty();
        assertThat(r.spaceReclaimed()).isZero();
        assertThat(fx.events.ofAction("prune")).containsExactly(
                new ServiceFixture.Published("volume", "prune", "", Map.of("reclaimed", "0")));
    }

    @Test
    void prune_whileAnotherRuns_conflict() throws Exception {
        named("held");
        AtomicReference<PruneReport> first = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t;
        try (NameLocks.Held held = svc.locks().lock("held")) {
            t = Thread.ofPlatform().name("first-prune").start(() -> {
                try {
                    first.set(svc.prune(f("all", "true")));
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            waitUntilBlockedOnNameLock(t);
            assertThatThrownBy(() -> svc.prune(FilterArgs.EMPTY))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("a prune operation is already running");
        }
        t.join();
        assertThat(failure.get()).isNull();
        assertThat(first.get().volumesDeleted()).containsExactly("held");
        assertThat(svc.prune(FilterArgs.EMPTY).volumesDeleted()).isEmpty();
    }

    /** Waits (no timeout: the lock is held until this returns) until {@code t} parks inside NameLocks.lock. */
    private static void waitUntilBlockedOnNameLock(Thread t) {
        while (true) {
            assertThat(t.getState()).isNotEqualTo(Thread.State.TERMINATED);
            if (t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace()).anyMatch(
                    f -> f.getClassName().equals(NameLocks.class.getName()) && f.getMethodName().equals("lock"))) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void prune_thenRestart_prunedVolumesStayGone() {
        named("keep");
        String anon = anonymous();
        svc.prune(FilterArgs.EMPTY);
        fx.restart();
        List<String> after = fx.service.list(FilterArgs.EMPTY).volumes().stream().map(Volume::name).toList();
        assertThat(after).containsExactly("keep").doesNotContain(anon);
    }
}
