package dev.berth.volume;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class LabelIndexTest {

    private final LabelIndex index = new LabelIndex();

    @Test
    void uniqueValuesAddedAndRemoved_leaveNothingBehind() {
        for (int i = 0; i < 10_000; i++) {
            index.add("v" + i, Map.of("session", "s" + i, "shared", "x"));
        }
        assertThat(index.keyCount()).isEqualTo(2);
        assertThat(index.valueCount()).isEqualTo(10_001);
        for (int i = 0; i < 10_000; i++) {
            index.remove("v" + i, Map.of("session", "s" + i, "shared", "x"));
        }
        assertThat(index.keyCount()).isZero();
        assertThat(index.valueCount()).isZero();
        assertThat(index.candidates("session")).isEmpty();
        assertThat(index.candidates("shared=x")).isEmpty();
    }

    @Test
    void emptiedValueDropped_otherValuesAndKeysKept_filtersStillRight() {
        index.add("a", Map.of("k", "1", "only-a", ""));
        index.add("b", Map.of("k", "2"));
        index.add("c", Map.of("k", "2"));
        index.remove("a", Map.of("k", "1", "only-a", ""));
        assertThat(index.keyCount()).isEqualTo(1);
        assertThat(index.valueCount()).isEqualTo(1);
        assertThat(index.candidates("k")).containsExactlyInAnyOrder("b", "c");
        assertThat(index.candidates("k=1")).isEmpty();
        assertThat(index.candidates("k=2")).containsExactlyInAnyOrder("b", "c");
        assertThat(index.candidates("only-a")).isEmpty();
        index.remove("b", Map.of("k", "2"));
        assertThat(index.candidates("k")).containsExactly("c");
        // Back again after being dropped.
        index.add("a", Map.of("k", "1"));
        assertThat(index.candidates("k")).containsExactlyInAnyOrder("a", "c");
        assertThat(index.candidates("k=1")).containsExactly("a");
    }

    @Test
    void removeOfAnUnknownNameOrLabel_changesNothing() {
        index.add("a", Map.of("k", "1"));
        index.remove("b", Map.of("k", "1"));
        index.remove("a", Map.of("k", "2", "z", ""));
        index.remove("a", null);
        assertThat(index.candidates("k=1")).containsExactly("a");
    }

    @Test
    void concurrentAddsAndRemovesOfTheSameValues_noNameLost_nothingLeft() throws Exception {
        // Each thread owns its names (as the name locks make it) but all share label values, so sets are emptied,
        // dropped and made again under each other's feet. A name added into a set that a removal dropped would be
        // missing from the index.
        int threads = 4;
        int rounds = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        String name = "t" + id + "-" + i;
                        Map<String, String> labels = Map.of("k" + (i % 3), "v" + (i % 2), "shared", "");
                        index.add(name, labels);
                        if (!index.candidates("k" + (i % 3) + "=v" + (i % 2)).contains(name)
                                || !index.candidates("shared").contains(name)) {
                            throw new AssertionError(name + " missing right after its add");
                        }
                        index.remove(name, labels);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        start.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(index.keyCount()).isZero();
        assertThat(index.valueCount()).isZero();
    }
}
