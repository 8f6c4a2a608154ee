package dev.berth.volume;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.filter.FilterArgs;
import dev.berth.volume.driver.StagedRemoval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Volume prune: one at a time, in chunks that are locked, moved aside and deleted from the database in one
 * durable transaction each, so pruning 10,000 volumes costs a handful of fsyncs. Thread-safe.
 */
final class Pruner {

    private static final Logger log = LoggerFactory.getLogger(Pruner.class);
    private static final int CHUNK = 2048;

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
            long reclaimed = 0;
            for (int i = 0; i < names.size(); i += CHUNK) {
                reclaimed += pruneChunk(names.subList(i, Math.min(names.size(), i + CHUNK)), deleted);
            }
            service.events().publish("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
            if (!deleted.isEmpty()) {
                log.info("volume prune removed {} volumes, reclaimed {} bytes", deleted.size(), reclaimed);
            }
            return new PruneReport(deleted, reclaimed);
        } finally {
            running.set(false);
        }
    }

    private long pruneChunk(List<String> names, List<String> deleted) {
        List<NameLocks.Held> held = new ArrayList<>(names.size());
        try {
            for (String n : names) {
                held.add(service.locks().lock(n));
            }
            List<VolumeService.PrunableVolume> vols = new ArrayList<>();
            for (String n : names) {
                VolumeService.PrunableVolume v = service.prunable(n);
                if (v != null) {
                    vols.add(v);
                }
            }
            long[] sizes = vols.parallelStream().mapToLong(Pruner::sizeOf).toArray();
            List<VolumeService.PrunableVolume> staged = new ArrayList<>();
            List<StagedRemoval.Removal> removals = new ArrayList<>();
            long reclaimed = 0;
            for (int i = 0; i < vols.size(); i++) {
                VolumeService.PrunableVolume v = vols.get(i);
                try {
                    removals.add(StagedRemoval.prepare(v.driver(), v.volume()));
                    staged.add(v);
                    reclaimed += Math.max(0, sizes[i]);
                } catch (BerthException e) {
                    log.warn("volume prune: could not remove {}: {}", v.name(), e.getMessage());
                }
            }
            try {
                service.store().deleteAll(staged.stream().map(VolumeService.PrunableVolume::name).toList());
            } catch (RuntimeException e) {
                removals.forEach(StagedRemoval.Removal::rollback);
                throw e;
            }
            for (int i = 0; i < staged.size(); i++) {
                removals.get(i).commit();
                service.pruned(staged.get(i).name());
                deleted.add(staged.get(i).name());
            }
            return reclaimed;
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).close();
            }
        }
    }

    private static long sizeOf(VolumeService.PrunableVolume v) {
        try {
            return DirectorySize.of(Path.of(v.path()));
        } catch (IOException e) {
            log.warn("volume {}: could not determine size: {}", v.name(), e.getMessage());
            return 0;
        }
    }
}
