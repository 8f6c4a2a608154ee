package dev.berth.daemon;

import dev.berth.errors.ConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataRootLockTest {

    @TempDir
    Path root;

    @Test
    void secondAcquire_isAConflictNamingTheHolder_untilTheFirstCloses() throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        try (DataRootLock first = DataRootLock.acquire(root)) {
            assertThat(Files.readString(root.resolve(DataRootLock.FILE))).isEqualTo(pid + "\n");
            assertThatThrownBy(() -> DataRootLock.acquire(root)).isInstanceOf(ConflictException.class)
                    .hasMessage("data root " + root + " is in use by another berthd (pid " + pid
                            + "); stop it, or give this one another --data-root");
        }
        try (DataRootLock again = DataRootLock.acquire(root)) {
            assertThat(Files.readString(root.resolve(DataRootLock.FILE))).isEqualTo(pid + "\n");
        }
    }

    @Test
    void aStalePidFile_isTakenOver_andRewritten() throws IOException {
        Files.writeString(root.resolve(DataRootLock.FILE), "999999999\nleft by a daemon that crashed\n");
        try (DataRootLock lock = DataRootLock.acquire(root)) {
            assertThat(Files.readString(root.resolve(DataRootLock.FILE)))
                    .isEqualTo(ProcessHandle.current().pid() + "\n");
        }
    }
}
