package dev.berth.volume.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Start-up reconciliation of the volumes directory with the metadata rows (a new driver over the same root). */
class LocalDriverReconcileTest {

    private static final Map<String, String> TMPFS = Map.of("type", "tmpfs", "device", "tmpfs");

    @TempDir
    Path root;

    private final FakeMounter mounter = new FakeMounter(false);

    private LocalDriver restart() {
        return new LocalDriver(root, mounter);
    }

    private static Map<String, Reconciling.KnownVolume> known(String... names) {
        Map<String, Reconciling.KnownVolume> m = new java.util.LinkedHashMap<>();
        for (String n : names) {
            m.put(n, new Reconciling.KnownVolume(n, Map.of(), 1_700_000_000L));
        }
        return m;
    }

    private List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void reconcile_rowWithDirectory_loadedWithRowCreationTime() {
        restart().create("qq", Map.of());
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known("qq"), Set.of());
        assertThat(r.adopted()).isEmpty();
        assertThat(d.get("qq")).hasValueSatisfying(v -> assertThat(v.createdAtSeconds()).isEqualTo(1_700_000_000L));
    }

    @Test
    void reconcile_rowWithDirectoryButNoDataDirectory_emptyDataRecreatedAtMount() throws IOException {
        restart().create("qq", Map.of());
        // Nothing inside a new volume is fsync'd: a crash may keep the volume directory and lose _data.
        Files.delete(root.resolve("qq/_data"));
        LocalDriver d = restart();
        d.reconcile(known("qq"), Set.of());
        DriverVolume v = d.get("qq").orElseThrow();
        assertThat(v.mount("m1")).isEqualTo(root.resolve("qq/_data").toString());
        assertThat(root.resolve("qq/_data")).isEmptyDirectory();
        v.unmount("m1");
    }

    @Test
    void reconcile_rowWithoutDirectory_recreatedEmptyWithRowCreationTime() {
        // An acknowledged create whose directory entry a crash lost: its row is the record.
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known("lost"), Set.of());
        assertThat(r.adopted()).isEmpty();
        assertThat(root.resolve("lost/_data")).isEmptyDirectory();
        assertThat(d.get("lost")).hasValueSatisfying(v -> assertThat(v.createdAtSeconds()).isEqualTo(1_700_000_000L));
    }

    @Test
    void reconcile_rowWhoseOlderVolumeIsInTrash_recreatedEmpty_trashNeverRestored() throws IOException {
        // A removal reaches the trash only after its row is gone: whatever the trash holds was removed for good.
        restart();
        Path trash = root.resolve(LocalDriver.TRASH);
        Files.createDirectories(trash.resolve("qq.5/_data"));
        Files.writeString(trash.resolve("qq.5/_data/f"), "removed data");
        LocalDriver d = restart();
        d.reconcile(known("qq"), Set.of());
        d.drainTrash();
        assertThat(root.resolve("qq/_data")).isEmptyDirectory();
        assertThat(entries(trash)).isEmpty();
    }

    @Test
    void reconcile_tombstonedDirectoryWithDataWithoutRow_removedNotAdopted() throws IOException {
        // An acknowledged remove whose move to the trash a crash undid.
        restart().create("gone", Map.of());
        Files.writeString(root.resolve("gone/_data/f"), "removed data");
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known(), Set.of("gone"));
        d.drainTrash();
        assertThat(r.adopted()).isEmpty();
        assertThat(d.get("gone")).isEmpty();
        assertThat(entries(root)).containsExactly(LocalDriver.TRASH);
        assertThat(entries(root.resolve(LocalDriver.TRASH))).isEmpty();
    }

    @Test
    void reconcile_tombstonedNameWithRow_theRowWins() throws IOException {
        // Removed, then created again: the row is newer than the tombstone, and the directory is the new volume's.
        restart().create("again", Map.of());
        Files.writeString(root.resolve("again/_data/f"), "new data");
        LocalDriver d = restart();
        d.reconcile(known("again"), Set.of("again"));
        assertThat(d.get("again")).isPresent();
        assertThat(Files.readString(root.resolve("again/_data/f"))).isEqualTo("new data");
    }

    @Test
    void reconcile_directoryWithoutRowEmptyData_removed() throws IOException {
        restart().create("stray", Map.of());
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known(), Set.of());
        d.drainTrash();
        assertThat(r.adopted()).isEmpty();
        assertThat(d.get("stray")).isEmpty();
        assertThat(entries(root)).containsExactly(LocalDriver.TRASH);
        assertThat(entries(root.resolve(LocalDriver.TRASH))).isEmpty();
    }

    @Test
    void reconcile_directoryWithoutData_removed() throws IOException {
        restart();
        Files.createDirectories(root.resolve("half"));
        LocalDriver d = restart();
        assertThat(d.reconcile(known(), Set.of()).adopted()).isEmpty();
        d.drainTrash();
        assertThat(entries(root)).containsExactly(LocalDriver.TRASH);
    }

    @Test
    void reconcile_asManyDirectoriesAsRowsButNotTheSameNames_bothRepaired() throws IOException {
        // Two rows, two directories: counting alone would take them for a match.
        restart().create("both", Map.of());
        restart().create("orphan", Map.of());
        Files.writeString(root.resolve("orphan/_data/f"), "user data");
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known("both", "lost"), Set.of());
        assertThat(r.adopted()).extracting(Reconciling.KnownVolume::name).containsExactly("orphan");
        assertThat(r.dropped()).isEmpty();
        assertThat(root.resolve("lost/_data")).isEmptyDirectory();
        assertThat(d.get("lost")).isPresent();
        assertThat(d.get("both")).isPresent();
        assertThat(d.get("orphan")).isPresent();
    }

    @Test
    void reconcile_directoryWithoutRowWithData_adopted() throws IOException {
        restart().create("orphan", Map.of());
        Files.writeString(root.resolve("orphan/_data/f"), "user data");
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known(), Set.of());
        assertThat(r.adopted()).extracting(Reconciling.KnownVolume::name).containsExactly("orphan");
        assertThat(r.adopted().getFirst().options()).isEmpty();
        assertThat(r.adopted().getFirst().createdAtSeconds()).isPositive();
        assertThat(d.get("orphan")).isPresent();
        assertThat(Files.readString(root.resolve("orphan/_data/f"))).isEqualTo("user data");
    }

    @Test
    void reconcile_entriesBerthNeverMade_leftAloneNotAdopted() throws IOException {
        // Docker never deletes what it finds in its volumes directory at start.
        restart();
        Files.writeString(root.resolve("notes.txt"), "a file");
        Files.createDirectories(root.resolve("x/_data"));
        Files.writeString(root.resolve("x/_data/f"), "data under a name create refuses");
        Files.createDirectories(root.resolve("bad name/_data"));
        Files.createDirectories(root.resolve("nodata"));
        Files.writeString(root.resolve("nodata/readme"), "no _data here");
        Files.createDirectories(root.resolve("datafile"));
        Files.writeString(root.resolve("datafile/_data"), "_data is a file");
        Files.createDirectories(root.resolve("elsewhere/_data"));
        Files.writeString(root.resolve("elsewhere/_data/f"), "x");
        Files.createDirectories(root.resolve("datalink"));
        Files.createSymbolicLink(root.resolve("datalink/_data"), root.resolve("elsewhere/_data"));
        Files.createDirectories(root.resolve("target/_data"));
        Files.createSymbolicLink(root.resolve("link"), root.resolve("target"));
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known("elsewhere", "target"), Set.of());
        d.drainTrash();
        assertThat(r.adopted()).isEmpty();
        assertThat(r.dropped()).isEmpty();
        assertThat(entries(root)).containsExactly(LocalDriver.TRASH, "bad name", "datafile", "datalink", "elsewhere",
                "link", "nodata", "notes.txt", "target", "x");
        assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("a file");
        assertThat(Files.readString(root.resolve("x/_data/f"))).isEqualTo("data under a name create refuses");
        assertThat(Files.readString(root.resolve("nodata/readme"))).isEqualTo("no _data here");
        assertThat(Files.readString(root.resolve("datafile/_data"))).isEqualTo("_data is a file");
        assertThat(Files.isSymbolicLink(root.resolve("datalink/_data"))).isTrue();
        assertThat(Files.isSymbolicLink(root.resolve("link"))).isTrue();
        assertThat(root.resolve("bad name/_data")).isEmptyDirectory();
        for (String n : List.of("notes.txt", "x", "bad name", "nodata", "datafile", "datalink", "link")) {
            assertThat(d.get(n)).as(n).isEmpty();
        }
    }

    @Test
    void reconcile_directoryWithoutRowWithEmptyDataAndMore_adopted() throws IOException {
        // Not the trace of a create (which makes nothing but _data): a volume directory, as Docker takes it.
        restart();
        Files.createDirectories(root.resolve("other/_data"));
        Files.writeString(root.resolve("other/opts.json"), "{}");
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known(), Set.of());
        assertThat(r.adopted()).extracting(Reconciling.KnownVolume::name).containsExactly("other");
        assertThat(d.get("other")).isPresent();
        assertThat(Files.readString(root.resolve("other/opts.json"))).isEqualTo("{}");
    }

    @Test
    void reconcile_trashLeftoversOfUnknownNames_deleted() throws IOException {
        restart();
        Path trash = root.resolve(LocalDriver.TRASH);
        Files.createDirectories(trash.resolve("old.42/_data/deep"));
        Files.writeString(trash.resolve("old.42/_data/deep/f"), "x");
        Files.createDirectories(trash.resolve("no-sequence"));
        LocalDriver d = restart();
        d.reconcile(known(), Set.of());
        d.drainTrash();
        assertThat(entries(trash)).isEmpty();
    }

    @Test
    void reconcile_manyTrashLeftovers_deletedAfterTheStartNotDuringIt() throws IOException {
        restart();
        Path trash = root.resolve(LocalDriver.TRASH);
        for (int i = 0; i < Trash.LEFTOVER_GRACE_MIN; i++) {
            Files.createDirectories(trash.resolve("v" + i + "." + i + "/_data"));
        }
        LocalDriver d = restart();
        d.reconcile(known(), Set.of());
        // Still all there right after the start (the grace is seconds long), then deleted in the background.
        assertThat(entries(trash)).hasSize(Trash.LEFTOVER_GRACE_MIN);
        d.drainTrash();
        assertThat(entries(trash)).isEmpty();
    }

    @Test
    void reconcile_mountedVolumeWithOptions_unmountedAtRemove() {
        DriverVolume v = restart().create("qq", TMPFS);
        mounter.mounted.add(v.path());
        LocalDriver d = restart();
        d.reconcile(Map.of("qq", new Reconciling.KnownVolume("qq", TMPFS, v.createdAtSeconds())), Set.of());
        DriverVolume loaded = d.get("qq").orElseThrow();
        assertThat(((LocalVolume) loaded).isMounted()).isTrue();
        loaded.mount("a");
        assertThat(mounter.mounts).isEmpty();
        loaded.unmount("a");
        assertThat(mounter.unmounts).containsExactly(v.path());
    }

    @Test
    void reconcile_mountedVolumeWithoutUsers_removeUnmounts() {
        DriverVolume v = restart().create("qq", TMPFS);
        mounter.mounted.add(v.path());
        LocalDriver d = restart();
        d.reconcile(Map.of("qq", new Reconciling.KnownVolume("qq", TMPFS, v.createdAtSeconds())), Set.of());
        d.remove(d.get("qq").orElseThrow());
        d.drainTrash();
        assertThat(mounter.unmounts).containsExactly(v.path());
        assertThat(d.get("qq")).isEmpty();
    }
}
