package dev.berth.volume.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        Reconciling.Reconciliation r = d.reconcile(known("qq"));
        assertThat(r.dropped()).isEmpty();
        assertThat(r.adopted()).isEmpty();
        assertThat(d.get("qq")).hasValueSatisfying(v -> assertThat(v.createdAtSeconds()).isEqualTo(1_700_000_000L));
    }

    @Test
    void reconcile_rowWithDirectoryButNoDataDirectory_emptyDataRecreatedAtMount() throws IOException {
        restart().create("qq", Map.of());
        // Only the root is fsync'd at create: a crash may keep the volume directory and lose _data.
        Files.delete(root.resolve("qq/_data"));
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known("qq"));
        assertThat(r.dropped()).isEmpty();
        DriverVolume v = d.get("qq").orElseThrow();
        assertThat(v.mount("m1")).isEqualTo(root.resolve("qq/_data").toString());
        assertThat(root.resolve("qq/_data")).isEmptyDirectory();
        v.unmount("m1");
    }

    @Test
    void reconcile_rowWithoutDirectoryOrTrash_dropped() {
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known("gone"));
        assertThat(r.dropped()).containsExactly("gone");
        assertThat(r.adopted()).isEmpty();
        assertThat(d.get("gone")).isEmpty();
    }

    @Test
    void reconcile_rowWithTrashEntry_restoredWithData() throws IOException {
        LocalDriver before = restart();
        DriverVolume v = before.create("qq", Map.of());
        Files.writeString(root.resolve("qq/_data/f"), "keep me");
        before.prepareRemove(v);
        assertThat(Files.exists(root.resolve("qq"))).isFalse();

        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known("qq"));
        d.drainTrash();
        assertThat(r.dropped()).isEmpty();
        assertThat(Files.readString(root.resolve("qq/_data/f"))).isEqualTo("keep me");
        assertThat(d.get("qq")).isPresent();
        assertThat(entries(root.resolve(LocalDriver.TRASH))).isEmpty();
    }

    @Test
    void reconcile_dottedNameInTrash_restored() throws IOException {
        LocalDriver before = restart();
        DriverVolume v = before.create("thing.d", Map.of());
        Files.writeString(root.resolve("thing.d/_data/f"), "x");
        before.prepareRemove(v);
        LocalDriver d = restart();
        assertThat(d.reconcile(known("thing.d")).dropped()).isEmpty();
        assertThat(Files.readString(root.resolve("thing.d/_data/f"))).isEqualTo("x");
    }

    @Test
    void reconcile_twoTrashEntries_newestRestoredOlderDeleted() throws IOException {
        restart();
        Path trash = root.resolve(LocalDriver.TRASH);
        Files.createDirectories(trash.resolve("qq.5/_data"));
        Files.writeString(trash.resolve("qq.5/_data/f"), "old");
        Files.createDirectories(trash.resolve("qq.12/_data"));
        Files.writeString(trash.resolve("qq.12/_data/f"), "new");
        LocalDriver d = restart();
        d.reconcile(known("qq"));
        d.drainTrash();
        assertThat(Files.readString(root.resolve("qq/_data/f"))).isEqualTo("new");
        assertThat(entries(trash)).isEmpty();
    }

    @Test
    void reconcile_directoryWithoutRowEmptyData_removed() throws IOException {
        restart().create("stray", Map.of());
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known());
        d.drainTrash();
        assertThat(r.adopted()).isEmpty();
        assertThat(r.dropped()).isEmpty();
        assertThat(d.get("stray")).isEmpty();
        assertThat(entries(root)).containsExactly(LocalDriver.TRASH);
        assertThat(entries(root.resolve(LocalDriver.TRASH))).isEmpty();
    }

    @Test
    void reconcile_directoryWithoutData_removed() throws IOException {
        restart();
        Files.createDirectories(root.resolve("half"));
        LocalDriver d = restart();
        assertThat(d.reconcile(known()).adopted()).isEmpty();
        d.drainTrash();
        assertThat(entries(root)).containsExactly(LocalDriver.TRASH);
    }

    @Test
    void reconcile_directoryWithoutRowWithData_adopted() throws IOException {
        restart().create("orphan", Map.of());
        Files.writeString(root.resolve("orphan/_data/f"), "user data");
        LocalDriver d = restart();
        Reconciling.Reconciliation r = d.reconcile(known());
        assertThat(r.adopted()).extracting(Reconciling.KnownVolume::name).containsExactly("orphan");
        assertThat(r.adopted().getFirst().options()).isEmpty();
        assertThat(r.adopted().getFirst().createdAtSeconds()).isPositive();
        assertThat(d.get("orphan")).isPresent();
        assertThat(Files.readString(root.resolve("orphan/_data/f"))).isEqualTo("user data");
    }

    @Test
    void reconcile_trashLeftoversOfUnknownNames_deleted() throws IOException {
        restart();
        Path trash = root.resolve(LocalDriver.TRASH);
        Files.createDirectories(trash.resolve("old.42/_data/deep"));
        Files.writeString(trash.resolve("old.42/_data/deep/f"), "x");
        Files.createDirectories(trash.resolve("no-sequence"));
        LocalDriver d = restart();
        d.reconcile(known());
        d.drainTrash();
        assertThat(entries(trash)).isEmpty();
    }

    @Test
    void reconcile_mountedVolumeWithOptions_unmountedAtRemove() {
        DriverVolume v = restart().create("qq", TMPFS);
        mounter.mounted.add(v.path());
        LocalDriver d = restart();
        d.reconcile(Map.of("qq", new Reconciling.KnownVolume("qq", TMPFS, v.createdAtSeconds())));
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
        d.reconcile(Map.of("qq", new Reconciling.KnownVolume("qq", TMPFS, v.createdAtSeconds())));
        d.remove(d.get("qq").orElseThrow());
        d.drainTrash();
        assertThat(mounter.unmounts).containsExactly(v.path());
        assertThat(d.get("qq")).isEmpty();
    }
}
