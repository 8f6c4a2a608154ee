package dev.berth.volume;

import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.filter.FilterArgs;
import dev.berth.volume.driver.StagedRemoval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.berth.volume.driver.VolumeDriver;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Volume prune: one at a time. All candidates are locked, moved aside, made durable with one directory sync and
 * deleted from the database in one transaction, so pruning 10,000 volumes costs two fsyncs. Each volume is
 * measured where its data was moved to (nobody can change it there), right after the move, on both cores.
 * Thread-safe.
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
            List<VolumeService.PrunableVolume> candidates = new ArrayList<>(names.size());
            for (String n : names) {
                VolumeService.PrunableVolume v = service.prunable(n);
                if (v != null) {
                    candidates.add(v);
                }
            }
            // Moving aside and measuring are independent per volume: both cores take their share, and each volume
            // is measured right after it was moved (where nobody can change it any more).
            StagedRemoval.Removal[] removalOf = new StagedRemoval.Removal[candidates.size()];
            long[] sizeOf = new long[candidates.size()];
            IntStream.range(0, candidates.size()).parallel().forEach(i -> {
                VolumeService.PrunableVolume v = candidates.get(i);
                try {
                    removalOf[i] = StagedRemoval.prepare(v.driver(), v.volume());
                } catch (BerthException e) {
                    log.warn("volume prune: could not remove {}: {}", v.name(), e.getMessage());
                    return;
                }
                sizeOf[i] = sizeOf(v, removalOf[i]);
            });
            List<VolumeService.PrunableVolume> staged = new ArrayList<>();
            List<StagedRemoval.Removal> removals = new ArrayList<>();
            Set<VolumeDriver> drivers = new HashSet<>();
            long reclaimed = 0;
            for (int i = 0; i < removalOf.length; i++) {
                if (removalOf[i] != null) {
                    staged.add(candidates.get(i));
                    removals.add(removalOf[i]);
                    drivers.add(candidates.get(i).driver());
                    reclaimed += sizeOf[i];
                }
            }
            if (staged.isEmpty()) {
                return 0;
            }
            try {
                drivers.forEach(StagedRemoval::sync);
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

    /** Bytes of a staged volume's data, measured where the removal put it (or in place if it stayed). */
    private static long sizeOf(VolumeService.PrunableVolume v, StagedRemoval.Removal removal) {
        Path staged = removal.stagedData();
        Path data = staged != null ? staged : Path.of(v.path());
        try {
            return Math.max(0, DirectorySize.of(data));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            log.warn("volume {}: could not determine size: {}", v.name(), e.getMessage());
            return 0;
        }
    }
}
