package dev.berth.volume.driver;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InternalException;
import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local driver's create and remove on a real directory, with mounts faked. */
class LocalDriverTest {

    private static final String INVALID_CHARS = " includes invalid characters for a local volume name, only"
            + " \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path";
    private static final String TOO_SHORT =
            "volume name is too short, names should be at least two alphanumeric characters";

    @TempDir
    Path tmp;

    private Path root() {
        return tmp.resolve("volumes");
    }

    private LocalDriver driver(FakeMounter m) {
        return new LocalDriver(root(), m);
    }

    private List<String> rootEntries() throws IOException {
        try (Stream<Path> s = Files.list(root())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private List<String> trashEntries() throws IOException {
        try (Stream<Path> s = Files.list(root().resolve(LocalDriver.TRASH))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    record NameCase(String name, String volume, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<NameCase> names() {
        return Stream.of(
                new NameCase("x", "x", TOO_SHORT),
                new NameCase("single digit", "1", TOO_SHORT),
                new NameCase("/testvol", "/testvol", "\"/testvol\"" + INVALID_CHARS),
                new NameCase("./hello", "./hello", "\"./hello\"" + INVALID_CHARS),
                new NameCase(".hello", ".hello", "\".hello\"" + INVALID_CHARS),
                new NameCase("_hello", "_hello", "\"_hello\"" + INVALID_CHARS),
                new NameCase("-hello", "-hello", "\"-hello\"" + INVALID_CHARS),
                new NameCase("hello world", "hello world", "\"hello world\"" + INVALID_CHARS),
                new NameCase("slash inside", "a/b", "\"a/b\"" + INVALID_CHARS),
                new NameCase("empty", "", "\"\"" + INVALID_CHARS),
                new NameCase("non-ASCII", "h\u00e9llo", "\"h\u00e9llo\"" + INVALID_CHARS),
                new NameCase("thing.d", "thing.d", null),
                new NameCase("hello-world", "hello-world", null),
                new NameCase("two characters", "ab", null),
                new NameCase("underscore inside", "a_b", null),
                new NameCase("64 hex", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null),
                new NameCase("trailing dot", "ab.", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void validateName_name_validOrDockerError(NameCase c) {
        if (c.error() == null) {
            LocalDriver.validateName(c.volume());
        } else {
            assertThatThrownBy(() -> LocalDriver.validateName(c.volume()))
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void open_newRoot_mode0701WithTrash() throws IOException {
        driver(new FakeMounter(false));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root()))).isEqualTo("rwx-----x");
        assertThat(rootEntries()).containsExactly(LocalDriver.TRASH);
    }

    @Test
    void create_name_makesDataDirectory() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        long before = System.currentTimeMillis() / 1000;
        DriverVolume v = d.create("qq", Map.of());
        assertThat(Files.isDirectory(root().resolve("qq/_data"))).isTrue();
        assertThat(v.name()).isEqualTo("qq");
        assertThat(v.driverName()).isEqualTo("local");
        assertThat(v.path()).isEqualTo(root().resolve("qq/_data").toString());
        assertThat(v.status()).isNull();
        assertThat(v.createdAtSeconds()).isBetween(before - 1, System.currentTimeMillis() / 1000 + 1);
        assertThat(d.get("qq")).containsSame(v);
        assertThat(d.list()).containsExactly(v);
        assertThat(d.name()).isEqualTo("local");
        assertThat(d.scope()).isEqualTo("local");
    }

    @Test
    void create_twice_sameVolume() {
        LocalDriver d = driver(new FakeMounter(false));
        DriverVolume v = d.create("qq", Map.of());
        assertThat(d.create("qq", Map.of("type", "tmpfs", "device", "tmpfs"))).isSameAs(v);
        assertThat(d.list()).hasSize(1);
    }

    static Stream<NameCase> invalidCreates() {
        return Stream.of(
                new NameCase("bad name", "a", TOO_SHORT),
                new NameCase("bad option", "qq:hello=world", "invalid option: \"hello\""),
                new NameCase("missing option", "qq:type=tmpfs", "missing required option: \"device\""),
                new NameCase("size without quota", "qq:size=1m", "quota size requested but no quota support"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCreates")
    void create_invalidInput_leavesNothingBehind(NameCase c) throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        String[] parts = c.volume().split(":", 2);
        Map<String, String> opts = parts.length == 1 ? Map.of()
                : Map.of(parts[1].split("=")[0], parts[1].split("=")[1]);
        assertThatThrownBy(() -> d.create(parts[0], opts))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage(c.error());
        assertThat(rootEntries()).containsExactly(LocalDriver.TRASH);
        assertThat(d.list()).isEmpty();
    }

    @Test
    void create_withSize_quotaOnDataDirectory() {
        FakeMounter m = new FakeMounter(true);
        LocalDriver d = driver(m);
        d.create("qq", Map.of("size", "1m"));
        assertThat(m.quotas).containsExactly(new FakeMounter.Quota(root().resolve("qq/_data"), 1 << 20));
    }

    @Test
    void create_quotaFails_leavesNothingBehind() throws IOException {
        FakeMounter m = new FakeMounter(true);
        m.failQuota("set size limit: boom");
        LocalDriver d = driver(m);
        assertThatThrownBy(() -> d.create("qq", Map.of("size", "1m")))
                .isInstanceOf(InternalException.class)
                .hasMessage("set size limit: boom");
        assertThat(rootEntries()).containsExactly(LocalDriver.TRASH);
        assertThat(d.get("qq")).isEmpty();
    }

    @Test
    void create_strayDirectory_conflict() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        Files.createDirectories(root().resolve("qq"));
        assertThatThrownBy(() -> d.create("qq", Map.of()))
                .isInstanceOf(ConflictException.class)
                .hasMessage("volume directory " + root().resolve("qq") + " already exists without a volume");
    }

    @Test
    void remove_volumeWithData_trashEmptiedInBackground() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        DriverVolume v = d.create("qq", Map.of());
        Files.writeString(root().resolve("qq/_data/f"), "data");
        Files.createDirectories(root().resolve("qq/_data/sub/dir"));
        Files.writeString(root().resolve("qq/_data/sub/dir/g"), "more");
        d.remove(v);
        assertThat(Files.exists(root().resolve("qq"))).isFalse();
        assertThat(d.get("qq")).isEmpty();
        assertThat(d.list()).isEmpty();
        d.drainTrash();
        assertThat(trashEntries()).isEmpty();
        assertThat(rootEntries()).containsExactly(LocalDriver.TRASH);
    }

    @Test
    void close_leavesUnfinishedTrash_nextDriverFinishesIt() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        DriverVolume v = d.create("qq", Map.of());
        for (int i = 0; i < 2000; i++) {
            Files.writeString(root().resolve("qq/_data/f" + i), "data");
        }
        d.close();
        d.remove(v);
        // Closed: the removal is staged in the trash but nothing deletes it any more.
        assertThat(trashEntries()).hasSize(1).allMatch(n -> n.startsWith("qq."));
        d.drainTrash();

        LocalDriver next = driver(new FakeMounter(false));
        next.reconcile(Map.of(), Set.of());
        next.drainTrash();
        assertThat(trashEntries()).isEmpty();
        assertThat(rootEntries()).containsExactly(LocalDriver.TRASH);
        next.close();
    }

    @Test
    void prepareRemove_changesNothingOnDisk_applyMovesToTrash_discardDeletes() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        DriverVolume v = d.create("qq", Map.of());
        Files.writeString(root().resolve("qq/_data/f"), "data");
        RowRecorded.Removal removal = d.prepareRemove(v);
        assertThat(Files.readString(root().resolve("qq/_data/f"))).isEqualTo("data");
        assertThat(d.get("qq")).containsSame(v);

        removal.apply(1);
        assertThat(Files.exists(root().resolve("qq"))).isFalse();
        assertThat(d.get("qq")).isEmpty();
        assertThat(trashEntries()).hasSize(1).allMatch(n -> n.startsWith("qq."));
        assertThat(Files.readString(root().resolve(LocalDriver.TRASH).resolve(trashEntries().getFirst())
                .resolve("_data/f"))).isEqualTo("data");
        removal.discard();
        d.drainTrash();
        assertThat(rootEntries()).containsExactly(LocalDriver.TRASH);
        assertThat(trashEntries()).isEmpty();
        d.close();
    }

    @Test
    void apply_whenTheMoveFails_volumeStaysAndSaysWhy() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        DriverVolume v = d.create("qq", Map.of());
        RowRecorded.Removal removal = d.prepareRemove(v);
        Files.delete(root().resolve(LocalDriver.TRASH));
        Files.writeString(root().resolve(LocalDriver.TRASH), "not a directory");
        assertThatThrownBy(() -> removal.apply(1)).isInstanceOf(InternalException.class)
                .hasMessageStartingWith("remove volume qq: ");
        assertThat(d.get("qq")).containsSame(v);
        assertThat(root().resolve("qq/_data")).isEmptyDirectory();
        d.close();
    }

    @Test
    void applied_removalsAreSettledInOneBatch() throws Exception {
        LocalDriver d = driver(new FakeMounter(false));
        LinkedBlockingQueue<List<RowRecorded.Tombstone>> settled =
                new LinkedBlockingQueue<>();
        d.onSettled(settled::add);
        d.prepareRemove(d.create("aa", Map.of())).apply(3);
        d.prepareRemove(d.create("bb", Map.of())).apply(4);
        List<RowRecorded.Tombstone> batch = settled.poll(30, TimeUnit.SECONDS);
        assertThat(batch).isNotNull();
        List<RowRecorded.Tombstone> all = new ArrayList<>(batch);
        if (all.size() < 2) {
            all.addAll(settled.poll(30, TimeUnit.SECONDS));
        }
        assertThat(all).containsExactlyInAnyOrder(new RowRecorded.Tombstone("aa", 3),
                new RowRecorded.Tombstone("bb", 4));
        d.close();
    }

    @Test
    void applyLater_volumeGoneAtOnce_directoryMovedInTheBackground_thenSettled() throws Exception {
        LocalDriver d = driver(new FakeMounter(false));
        LinkedBlockingQueue<List<RowRecorded.Tombstone>> settled =
                new LinkedBlockingQueue<>();
        d.onSettled(settled::add);
        DriverVolume v = d.create("qq", Map.of());
        Files.writeString(root().resolve("qq/_data/f"), "data");
        d.prepareRemove(v).applyLater(5);
        assertThat(d.get("qq")).isEmpty();
        assertThat(d.list()).isEmpty();
        assertThat(settled.poll(30, TimeUnit.SECONDS))
                .containsExactly(new RowRecorded.Tombstone("qq", 5));
        d.drainTrash();
        assertThat(rootEntries()).containsExactly(LocalDriver.TRASH);
        assertThat(trashEntries()).isEmpty();
        d.close();
    }

    @Test
    void create_ofANameWhoseBulkRemovalIsStillPending_movesTheOldDirectoryFirst() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        d.close(); // the mover is stopped: the move stays pending until the create needs the name
        DriverVolume v = d.createUnsynced("qq", Map.of());
        Files.writeString(root().resolve("qq/_data/f"), "old data");
        d.prepareRemove(v).applyLater(5);
        assertThat(Files.exists(root().resolve("qq/_data/f"))).isTrue();
        DriverVolume again = d.createUnsynced("qq", Map.of());
        assertThat(again).isNotSameAs(v);
        assertThat(root().resolve("qq/_data")).isEmptyDirectory();
        assertThat(trashEntries()).hasSize(1).allMatch(n -> n.startsWith("qq."));
    }

    @Test
    void create_ofANameWhoseRemovalIsNotSettled_settlesItFirst() {
        LocalDriver d = driver(new FakeMounter(false));
        List<RowRecorded.Tombstone> settled = new CopyOnWriteArrayList<>();
        d.onSettled(settled::addAll);
        d.prepareRemove(d.create("qq", Map.of())).apply(9);
        d.createUnsynced("qq", Map.of());
        // Settled before the new directory was made: a crash cannot bring the old one back under the new volume.
        assertThat(settled).contains(new RowRecorded.Tombstone("qq", 9));
        assertThat(d.get("qq")).isPresent();
        d.close();
    }

    @Test
    void remove_directoryDeletedOutOfBand_volumeGone() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        DriverVolume v = d.create("qq", Map.of());
        Files.delete(root().resolve("qq/_data"));
        Files.delete(root().resolve("qq"));
        d.remove(v);
        assertThat(d.get("qq")).isEmpty();
    }

    @Test
    void remove_thenCreateAgain_freshEmptyVolume() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        DriverVolume v = d.create("qq", Map.of());
        Files.writeString(root().resolve("qq/_data/f"), "data");
        d.remove(v);
        DriverVolume again = d.create("qq", Map.of());
        assertThat(again).isNotSameAs(v);
        try (Stream<Path> s = Files.list(root().resolve("qq/_data"))) {
            assertThat(s).isEmpty();
        }
        d.drainTrash();
    }

    @Test
    void remove_activeMounts_conflictAndKept() throws IOException {
        LocalDriver d = driver(new FakeMounter(false));
        DriverVolume v = d.create("qq", Map.of());
        v.mount("m1");
        assertThatThrownBy(() -> d.remove(v))
                .isInstanceOf(ConflictException.class)
                .hasMessage("volume has active mounts");
        assertThat(Files.isDirectory(root().resolve("qq/_data"))).isTrue();
        assertThat(d.get("qq")).containsSame(v);
        v.unmount("m1");
        d.remove(v);
        assertThat(d.get("qq")).isEmpty();
        d.drainTrash();
    }
}
