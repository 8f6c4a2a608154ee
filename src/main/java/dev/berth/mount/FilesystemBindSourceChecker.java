package dev.berth.mount;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/** Stats bind sources on the host with {@code java.nio}, phrasing failures like Go's {@code os.Stat}. */
final class FilesystemBindSourceChecker implements BindSourceChecker {

    static final FilesystemBindSourceChecker INSTANCE = new FilesystemBindSourceChecker();

    private FilesystemBindSourceChecker() {
    }

    @Override
    public SourceStatus stat(String path) {
        try {
            Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return SourceStatus.EXISTS;
        } catch (NoSuchFileException e) {
            return missingOrNotADirectory(path);
        } catch (AccessDeniedException e) {
            return new SourceStatus.Failed("stat " + path + ": permission denied");
        } catch (FileSystemException e) {
            return new SourceStatus.Failed("stat " + path + ": " + goStyle(e.getReason()));
        } catch (IOException | RuntimeException e) {
            return new SourceStatus.Failed("stat " + path + ": " + goStyle(e.getMessage()));
        }
    }

    // The JDK reports ENOTDIR as NoSuchFileException; Go's os.Stat does not count it as "does not exist".
    private static SourceStatus missingOrNotADirectory(String path) {
        for (Path parent = Path.of(path).getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                return Files.isDirectory(parent)
                        ? SourceStatus.MISSING
                        : new SourceStatus.Failed("stat " + path + ": not a directory");
            }
        }
        return SourceStatus.MISSING;
    }

    // glibc capitalises strerror texts, Go's table does not ("not a directory").
    private static String goStyle(String reason) {
        if (reason == null || reason.isEmpty()) {
            return "unknown error";
        }
        return reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
}
