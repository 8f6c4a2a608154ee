package dev.berth.volume;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.filter.FilterArgs;
import dev.berth.volume.driver.RowRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Volume prune: one at a time. All candidates are locked, readied for removal and measured (on both cores), their
 * rows are deleted (with tombstones) in one transaction, and their directories are moved out in the background
 * ({@link RowRecorded.Removal#applyLater}). Pruning 10,000 volumes costs one fsync. Thread-safe.
 */
final class Pruner {

    private static final Logger log = LoggerFactory.getLogger(Pruner.class);

    private final VolumeService service;
    private final AtomicBoolean running = new AtomicBoolean();

    Pruner(VolumeService service) {
        this.service = service;
    }

    PruneReport prune(FilterArgs filters) {
        if (!running.compareAndSet(false, true)) {
            throw new ConflictException("a prune operation is already running");
        }
        try {
            VolumeFilters f = VolumeFilters.forPrune(filters);
            List<String> names = service.pruneCandidates(f);
            Collections.sort(names);
            List<String> deleted = new ArrayList<>();
            long reclaimed = pruneLocked(names, deleted);
            service.events().publish("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
            if (!deleted.isEmpty()) {
                log.info("volume prune removed {} volumes, reclaimed {} bytes", deleted.size(), reclaimed);
            }
            return new PruneReport(deleted, reclaimed);
        } finally {
            running.set(false);
        }
    }

    private long pruneLocked(List<String> names, List<String> deleted) {
        List<NameLocks.Held> held = new ArrayList<>(names.size());
        try {
            for (String n : names) {
                held.add(service.locks().lock(n));
            }
            // Checking, readying and measuring are independent per volume: both cores take their share. A volume is
            // measured in place, as Docker does: it is unreferenced and its name is locked, so no container can
            // change it.
            int n = names.size();
            VolumeService.PrunableVolume[] candidates = new VolumeService.PrunableVolume[n];
            RowRecorded.Removal[] removalOf = new RowRecorded.Removal[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                VolumeService.PrunableVolume v = service.prunable(names.get(i));
                if (v == null) {
                    return;
                }
                try {
                    removalOf[i] = RowRecorded.prepare(v.driver(), v.volume());
                    candidates[i] = v;
                } catch (BerthException e) {
                    log.warn("volume prune: could not remove {}: {}", v.name(), e.getMessage());
                }
            });
            List<VolumeStore.Removed> rows = new ArrayList<>();
            long[] seqOf = new long[n];
            for (int i = 0; i < n; i++) {
                if (removalOf[i] != null) {
                    seqOf[i] = service.tombstoneFor(candidates[i].driver());
                    rows.add(new VolumeStore.Removed(candidates[i].name(), seqOf[i]));
                }
            }
            if (rows.isEmpty()) {
                return 0;
            }
            // The rows' deletion commits on the writer thread while the volumes are measured: nothing is moved
            // before it is durable, and the transaction alone would leave one core idle.
            CompletableFuture<Void> deletion = service.store().deleteLater(rows);
            long[] sizeOf = new long[n];
            IntStream.range(0, n).parallel().forEach(i -> {
                if (removalOf[i] != null) {
                    sizeOf[i] = sizeOf(candidates[i]);
                }
            });
            VolumeStore.await(deletion);
            // The rows are gone durably: the volumes are removed. Their directories leave in the background (one
            // rename each, serialised by the filesystem, would be most of the prune).
            List<String> restored = new ArrayList<>();
            long reclaimed = 0;
            for (int i = 0; i < n; i++) {
                if (removalOf[i] == null) {
                    continue;
                }
                String name = candidates[i].name();
                try {
                    removalOf[i].applyLater(seqOf[i]);
                } catch (BerthException e) {
                    log.warn("volume prune: could not remove {}: {}", name, e.getMessage());
                    restored.add(name);
                    continue;
                }
                reclaimed += sizeOf[i];
                service.pruned(name);
                deleted.add(name);
            }
            if (!restored.isEmpty()) {
                service.restoreRows(restored);
            }
            return reclaimed;
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).close();
            }
        }
    }

    /** Bytes of a volume's data, measured in place. */
    private static long sizeOf(VolumeService.PrunableVolume v) {
        try {
            return Math.max(0, DirectorySize.of(Path.of(v.path())));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            log.warn("volume {}: could not determine size: {}", v.name(), e.getMessage());
            return 0;
        }
    }
}
