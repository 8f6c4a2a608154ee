package dev.berth.volume.driver;

import dev.berth.errors.NotImplementedException;

import java.nio.file.Path;

/** Host mounts for local volumes. (Transitional: mounting arrives with the sys package.) */
final class SysMounter implements Mounter {

    static SysMounter probe(Path root) {
        return new SysMounter();
    }

    @Override
    public void mount(LocalOptions options, String target) {
        throw new NotImplementedException("mounting local volumes with options is not available yet");
    }

    @Override
    public void unmount(String target) {
    }

    @Override
    public boolean isMounted(String target) {
        return false;
    }

    @Override
    public boolean quotaSupported() {
        return false;
    }

    @Override
    public void applyQuota(Path dir, long bytes) {
        throw new NotImplementedException("quota");
    }
}
