package dev.berth.volume;

import dev.berth.errors.BerthException;
import dev.berth.filter.FilterArgs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One flush per acknowledged create or remove: the row is the record. These tests put the volumes directory in the
 * states a power loss can leave (a directory entry the filesystem had not written yet) and restart without a clean
 * stop, as after a crash.
 */
class VolumeDurabilityTest {

    @TempDir
    Path dir;
    private ServiceFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ServiceFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Path volumes() {
        return fx.volumesRoot();
    }

    /** Settling would delete the tombstones once the moves are durable; in these tests the crash comes first. */
    private void crashBeforeRemovalsSettle() {
        fx.local.onSettled(t -> {
        });
    }

    /** Puts a volume's directory, with data, where it was: what a lost rename into the trash leaves. */
    private void putBackAsALostRenameWould(String name) throws IOException {
        Files.createDirectories(volumes().resolve(name + "/_data"));
        Files.writeString(volumes().resolve(name + "/_data/f"), "old data");
    }

    private void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    @Test
    void acknowledgedCreate_whoseDirectoryACrashLost_isThereAfterRestart_emptyWithItsCreationTime() throws Exception {
        Volume v = fx.service.create(new CreateVolume("made", null, null, Map.of("k", "v"), null));
        deleteTree(volumes().resolve("made"));
        fx.crash();
        Volume after = fx.service.inspect("made");
        assertThat(after.createdAtSeconds()).isEqualTo(v.createdAtSeconds());
        assertThat(after.labels()).isEqualTo(Map.of("k", "v"));
        assertThat(volumes().resolve("made/_data")).isEmptyDirectory();
    }

    @Test
    void acknowledgedRemove_whoseMoveACrashUndid_staysRemoved() throws Exception {
        fx.service.create(CreateVolume.named("gone"));
        Files.writeString(volumes().resolve("gone/_data/f"), "old data");
        crashBeforeRemovalsSettle();
        fx.service.remove("gone", false);
        putBackAsALostRenameWould("gone");
        fx.crash();
        assertThatThrownBy(() -> fx.service.inspect("gone")).isInstanceOf(NoSuchVolumeException.class);
        fx.local.drainTrash();
        assertThat(volumes().resolve("gone")).doesNotExist();
        // The tombstone was acted on and deleted: the name is an ordinary free name again.
        fx.crash();
        assertThat(fx.service.list(FilterArgs.EMPTY).volumes()).isEmpty();
    }

    @Test
    void acknowledgedPrune_whoseMovesACrashUndid_staysPruned() throws Exception {
        fx.service.create(new CreateVolume(null, null, null, null, null));
        String anon = fx.service.list(FilterArgs.EMPTY).volumes().getFirst().name();
        Files.writeString(volumes().resolve(anon + "/_data/f"), "old data");
        crashBeforeRemovalsSettle();
        assertThat(fx.service.prune(FilterArgs.EMPTY).volumesDeleted()).containsExactly(anon);
        putBackAsALostRenameWould(anon);
        fx.crash();
        assertThat(fx.service.list(FilterArgs.EMPTY).volumes()).isEmpty();
    }

    @Test
    void removedThenCreatedAgain_newVolumeNeverGetsTheOldData() throws Exception {
        fx.service.create(CreateVolume.named("again"));
        Files.writeString(volumes().resolve("again/_data/f"), "old data");
        crashBeforeRemovalsSettle();
        fx.service.remove("again", false);
        fx.service.create(CreateVolume.named("again"));
        // The create made the removal durable first; what may still be lost is the new directory.
        deleteTree(volumes().resolve("again"));
        fx.crash();
        assertThat(fx.service.inspect("again").name()).isEqualTo("again");
        assertThat(volumes().resolve("again/_data")).isEmptyDirectory();
    }

    @Test
    void settledRemovals_deleteTheirTombstones() throws Exception {
        fx.service.create(CreateVolume.named("settled"));
        fx.service.remove("settled", false);
        fx.local.drainTrash();
        assertThat(fx.tombstones()).containsExactly("settled");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!fx.tombstones().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(fx.tombstones()).isEmpty();
    }

    @Test
    void remove_whoseDirectoryCannotBeMoved_failsAndKeepsTheVolume_acrossARestart() throws Exception {
        fx.service.create(new CreateVolume("stuck", null, null, Map.of("k", "v"), null));
        Path trash = volumes().resolve(".trash");
        deleteTree(trash);
        Files.writeString(trash, "not a directory");
        assertThatThrownBy(() -> fx.service.remove("stuck", false)).isInstanceOf(BerthException.class)
                .hasMessageStartingWith("remove stuck: ");
        assertThat(fx.service.inspect("stuck").labels()).isEqualTo(Map.of("k", "v"));
        Files.delete(trash);
        Files.createDirectory(trash);
        fx.crash();
        assertThat(fx.service.inspect("stuck").labels()).isEqualTo(Map.of("k", "v"));
        fx.service.remove("stuck", false);
        assertThat(fx.service.list(FilterArgs.EMPTY).volumes()).isEmpty();
    }

    @Test
    void cleanStop_thenDirectoryDeletedByHand_rowDropped_asDockerForgetsIt() throws Exception {
        fx.service.create(CreateVolume.named("byhand"));
        fx.close();
        deleteTree(volumes().resolve("byhand"));
        fx.restart();
        assertThat(fx.service.list(FilterArgs.EMPTY).volumes()).isEmpty();
        assertThat(volumes().resolve("byhand")).doesNotExist();
    }
}
