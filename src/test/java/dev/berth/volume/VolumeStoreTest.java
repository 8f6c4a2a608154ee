package dev.berth.volume;

import dev.berth.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeStoreTest {

    @TempDir
    Path dir;

    /** Every row {@link VolumeStore#forEachRow} hands out (from two threads for a big table). */
    private static List<VolumeStore.Row> rows(VolumeStore store) {
        List<VolumeStore.Row> rows = Collections.synchronizedList(new ArrayList<>());
        store.forEachRow(rows::add);
        return List.copyOf(rows);
    }

    @Test
    void forEachRow_smallTable_everyRow() {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            VolumeStore store = new VolumeStore(db);
            store.insertAll(List.of(new VolumeStore.Row("a", "local", Map.of("k", "v"), null, 7),
                    new VolumeStore.Row("b", "other", null, Map.of("type", "tmpfs"), 8)));
            assertThat(rows(store)).containsExactlyInAnyOrder(
                    new VolumeStore.Row("a", "local", Map.of("k", "v"), null, 7),
                    new VolumeStore.Row("b", "other", null, Map.of("type", "tmpfs"), 8));
        }
    }

    @Test
    void forEachRow_textThatNeedsEscaping_readBackExactly() {
        Map<String, String> odd = Map.of("k\"ey", "v\"\\\n\t\u00e9\u2028\ud83d\ude00", "", "");
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            VolumeStore store = new VolumeStore(db);
            store.insertAll(List.of(new VolumeStore.Row("odd", "my \"driver\"", odd, odd, -5)));
            assertThat(rows(store)).containsExactly(new VolumeStore.Row("odd", "my \"driver\"", odd, odd, -5));
        }
    }

    @Test
    void forEachRow_unreadableRow_skippedOthersRead() {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            VolumeStore store = new VolumeStore(db);
            store.insertAll(List.of(new VolumeStore.Row("a", "local", null, null, 1),
                    new VolumeStore.Row("b", "local", null, null, 2)));
            db.write(tx -> tx.update("UPDATE volumes SET labels = '{not json' WHERE name = 'a'"));
            assertThat(rows(store)).containsExactly(new VolumeStore.Row("b", "local", null, null, 2));
        }
    }

    @Test
    void forEachRow_bigTableReadInHalves_everyRowOnce() {
        int n = VolumeStore.PARALLEL_LOAD_MIN + 1;
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            VolumeStore store = new VolumeStore(db);
            List<VolumeStore.Row> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(new VolumeStore.Row("v" + i, i % 7 == 0 ? "nfs" : "local",
                        i % 2 == 0 ? Map.of("bench", i % 100 == 0 ? "sel" : "other") : null,
                        i % 5 == 0 ? Map.of("o", "size=" + i) : null, i));
            }
            store.insertAll(rows);
            List<VolumeStore.Row> loaded = rows(store);
            assertThat(loaded).hasSize(n);
            Map<String, VolumeStore.Row> byName = new HashMap<>();
            loaded.forEach(r -> byName.put(r.name(), r));
            assertThat(byName).hasSize(n);
            for (VolumeStore.Row r : rows) {
                assertThat(byName.get(r.name())).isEqualTo(r);
            }
        }
    }

    @Test
    void delete_manyRows_withAndWithoutTombstones_onlyThoseRowsGo() {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            VolumeStore store = new VolumeStore(db);
            List<VolumeStore.Row> rows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                rows.add(new VolumeStore.Row("v" + i, "local", null, null, i));
            }
            store.insertAll(rows);
            List<VolumeStore.Removed> removed = new ArrayList<>();
            for (int i = 0; i < 50; i += 2) {
                removed.add(new VolumeStore.Removed("v" + i, i < 10 ? 0 : 100 + i));
            }
            // Names a JSON array must escape survive the trip.
            store.insertAll(List.of(new VolumeStore.Row("q\"uote", "local", null, null, 1),
                    new VolumeStore.Row("b\\s\u0001", "local", null, null, 1)));
            removed.add(new VolumeStore.Removed("q\"uote", 7));
            removed.add(new VolumeStore.Removed("b\\s\u0001", 0));
            store.delete(removed);
            assertThat(rows(store)).extracting(VolumeStore.Row::name)
                    .containsExactlyInAnyOrderElementsOf(rows.stream().map(VolumeStore.Row::name)
                            .filter(n -> Integer.parseInt(n.substring(1)) % 2 == 1).toList());
            assertThat(store.tombstones()).hasSize(21).contains("v10", "v48", "q\"uote").doesNotContain("v0", "v8");
        }
    }

    @Test
    void settle_deletesOnlyTombstonesOfThatRemoval_notOfALaterOne() {
        try (Database db = Database.open(dir.resolve("berth.db"))) {
            VolumeStore store = new VolumeStore(db);
            store.insertAll(List.of(new VolumeStore.Row("a", "local", null, null, 1),
                    new VolumeStore.Row("b", "local", null, null, 1)));
            store.delete(List.of(new VolumeStore.Removed("a", 1), new VolumeStore.Removed("b", 2)));
            // "b" was created and removed again before its first removal settled: its tombstone is now the later one.
            store.insertAll(List.of(new VolumeStore.Row("b", "local", null, null, 1)));
            store.delete(List.of(new VolumeStore.Removed("b", 3)));
            store.settle(List.of(new dev.berth.volume.driver.RowRecorded.Tombstone("a", 1),
                    new dev.berth.volume.driver.RowRecorded.Tombstone("b", 2)));
            assertThat(store.tombstones()).containsExactly("b");
            store.clearTombstones();
            assertThat(store.tombstones()).isEmpty();
        }
    }

    @Test
    void pairsJson_readsBackAsTheNamesAndNumbers() throws Exception {
        List<String> names = List.of("plain", "q\"uote", "back\\slash", "ctl\u0001\n\t", "\u00e9\u2028\ud83d\ude00", "");
        List<Long> numbers = List.of(0L, 1L, -2L, Long.MAX_VALUE, 42L, 7L);
        List<Integer> index = java.util.stream.IntStream.range(0, names.size()).boxed().toList();
        String json = VolumeStore.pairsJson(index, names::get, numbers::get);
        List<List<Object>> parsed = dev.berth.json.Json.MAPPER.readValue(json,
                new com.fasterxml.jackson.core.type.TypeReference<List<List<Object>>>() { });
        assertThat(parsed).hasSize(names.size());
        for (int i = 0; i < names.size(); i++) {
            assertThat(parsed.get(i).get(0)).isEqualTo(names.get(i));
            assertThat(((Number) parsed.get(i).get(1)).longValue()).isEqualTo(numbers.get(i));
        }
        assertThat(VolumeStore.pairsJson(List.of(), (String x) -> x, x -> 0)).isEqualTo("[]");
    }
}
