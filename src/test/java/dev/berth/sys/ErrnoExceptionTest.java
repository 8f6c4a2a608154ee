package dev.berth.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ErrnoExceptionTest {

    record Case(String name, int errno, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> texts() {
        return Stream.of(
                new Case("EPERM", Errno.EPERM, "operation not permitted"),
                new Case("ENOENT", Errno.ENOENT, "no such file or directory"),
                new Case("ESRCH", Errno.ESRCH, "no such process"),
                new Case("EINTR", Errno.EINTR, "interrupted system call"),
                new Case("EIO", Errno.EIO, "input/output error"),
                new Case("EBADF", Errno.EBADF, "bad file descriptor"),
                new Case("EAGAIN", Errno.EAGAIN, "resource temporarily unavailable"),
                new Case("ENOMEM", Errno.ENOMEM, "cannot allocate memory"),
                new Case("EACCES", Errno.EACCES, "permission denied"),
                new Case("EBUSY", Errno.EBUSY, "device or resource busy"),
                new Case("EEXIST", Errno.EEXIST, "file exists"),
                new Case("EXDEV", Errno.EXDEV, "invalid cross-device link"),
                new Case("ENODEV", Errno.ENODEV, "no such device"),
                new Case("ENOTDIR", Errno.ENOTDIR, "not a directory"),
                new Case("EISDIR", Errno.EISDIR, "is a directory"),
                new Case("EINVAL", Errno.EINVAL, "invalid argument"),
                new Case("ENOSPC", Errno.ENOSPC, "no space left on device"),
                new Case("EROFS", Errno.EROFS, "read-only file system"),
                new Case("ENAMETOOLONG", Errno.ENAMETOOLONG, "file name too long"),
                new Case("ENOSYS", Errno.ENOSYS, "function not implemented"),
                new Case("ENOTEMPTY", Errno.ENOTEMPTY, "directory not empty"),
                new Case("ELOOP", Errno.ELOOP, "too many levels of symbolic links"),
                new Case("ENODATA", Errno.ENODATA, "no data available"),
                new Case("EOPNOTSUPP", Errno.EOPNOTSUPP, "operation not supported"),
                new Case("ENOTSUP", Errno.ENOTSUP, "operation not supported"),
                new Case("ECONNREFUSED", Errno.ECONNREFUSED, "connection refused"),
                new Case("EDQUOT", Errno.EDQUOT, "disk quota exceeded"),
                new Case("EDOTDOT keeps its acronym", 73, "RFS specific error"),
                new Case("unknown", 4095, "errno 4095"),
                new Case("zero", 0, "errno 0"),
                new Case("negative", -1, "errno -1"));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void strerror_knownAndUnknown_goStyleText(Case c) {
        assertThat(ErrnoException.strerror(c.errno())).isEqualTo(c.text());
    }

    @Test
    void message_withPath_syscallPathAndText() {
        ErrnoException e = new ErrnoException(Errno.ENOENT, "mount", "/x");

        assertThat(e).hasMessage("mount /x: no such file or directory");
        assertThat(e.errno()).isEqualTo(Errno.ENOENT);
        assertThat(e.syscall()).isEqualTo("mount");
        assertThat(e.path()).isEqualTo("/x");
    }

    @Test
    void message_withoutPath_syscallAndText() {
        assertThat(new ErrnoException(Errno.EXDEV, "copy_file_range", null))
                .hasMessage("copy_file_range: invalid cross-device link");
    }

    @Test
    void name_knownAndUnknown_symbolicName() {
        assertThat(Errno.name(Errno.EDQUOT)).isEqualTo("EDQUOT");
        assertThat(Errno.name(Errno.EOPNOTSUPP)).isEqualTo("EOPNOTSUPP");
        assertThat(Errno.name(999)).isEqualTo("errno 999");
    }
}
