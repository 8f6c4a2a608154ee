package dev.berth.volume.driver;

import dev.berth.errors.InternalException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A {@link Mounter} that records calls instead of mounting. Thread-safe. */
final class FakeMounter implements Mounter {

    /** One applyQuota call. */
    record Quota(Path dir, long bytes) {
    }

    final List<String> mounts = new ArrayList<>();
    final List<String> unmounts = new ArrayList<>();
    final List<Quota> quotas = new ArrayList<>();
    final Set<String> mounted = new HashSet<>();
    private final boolean quotaSupported;
    private volatile String failQuota;

    FakeMounter(boolean quotaSupported) {
        this.quotaSupported = quotaSupported;
    }

    /** Makes every later applyQuota fail with this message. */
    void failQuota(String message) {
        this.failQuota = message;
    }

    @Override
    public synchronized void mount(LocalOptions options, String target) {
        mounts.add(target);
        mounted.add(target);
    }

    @Override
    public synchronized void unmount(String target) {
        unmounts.add(target);
        mounted.remove(target);
    }

    @Override
    public synchronized boolean isMounted(String target) {
        return mounted.contains(target);
    }

    @Override
    public boolean quotaSupported() {
        return quotaSupported;
    }

    @Override
    public synchronized void applyQuota(Path dir, long bytes) {
        if (failQuota != null) {
            throw new InternalException(failQuota);
        }
        quotas.add(new Quota(dir, bytes));
    }
}
