package dev.berth.container;

import dev.berth.errors.InternalException;
import dev.berth.runtime.OciSpec;
import dev.berth.sys.ErrnoException;
import dev.berth.sys.Fd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a container's OCI spec from its record: command line, environment as Docker composes it (PATH,
 * HOSTNAME, TERM for a TTY, then the container's own), user, working directory (created if missing, inside the
 * root filesystem), hostname, namespaces, mounts, /dev/shm and the read-only root.
 */
final class ProcessSpec {

    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProcessSpec() {
    }

    static OciSpec build(ContainerRecord r, Path rootfs, RunMounts.Active mounts, String hostname) {
        ContainerConfig c = r.config();
        UserResolver.ResolvedUser user = UserResolver.resolve(rootfs, c.user());
        String cwd = c.workingDir().isEmpty() ? "/" : c.workingDir();
        ensureWorkingDir(rootfs, cwd);
        List<String> args = new ArrayList<>();
        args.add(r.path());
        args.addAll(r.args());
        OciSpec.Builder b = OciSpec.builder()
                .args(args)
                .env(environment(c, hostname, user.home()))
                .cwd(cwd)
                .user(user.uid(), user.gid(), user.additionalGids())
                .terminal(c.tty())
                .rootfs(rootfs)
                .readonlyRootfs(r.host().readonlyRootfs())
                .hostname(hostname)
                .shmSize(r.host().shmSize())
                .networkMode(r.host().networkMode())
                .cgroupsPath("/berth/" + r.id())
                .mounts(mounts.mounts());
        if (!mounts.rootfsPropagation().isEmpty()) {
            b.rootfsPropagation(mounts.rootfsPropagation());
        }
        if (c.tty() && r.host().consoleHeight() > 0 && r.host().consoleWidth() > 0) {
            b.consoleSize((int) r.host().consoleHeight(), (int) r.host().consoleWidth());
        }
        return b.build();
    }

    static List<String> environment(ContainerConfig c, String hostname, String home) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, DEFAULT_PATH);
        put(env, "HOSTNAME=" + hostname);
        if (c.tty()) {
            put(env, "TERM=xterm");
        }
        if (c.env() != null) {
            c.env().forEach(kv -> put(env, kv));
        }
        if (!env.containsKey("HOME")) {
            put(env, "HOME=" + home);
        }
        return List.copyOf(env.values());
    }

    private static void put(Map<String, String> env, String kv) {
        int eq = kv.indexOf('=');
        env.put(eq < 0 ? kv : kv.substring(0, eq), kv);
    }

    /**
     * Docker creates a missing working directory. The existing part of the path is resolved inside the root
     * filesystem (so an image symlink cannot send us outside it); only the missing tail is created.
     */
    static void ensureWorkingDir(Path rootfs, String cwd) {
        if (RootfsPaths.stat(rootfs, cwd).isPresent()) {
            return;
        }
        String[] parts = cwd.replaceAll("^/+", "").split("/+");
        int existing = parts.length;
        while (existing > 0 && RootfsPaths.stat(rootfs, "/" + String.join("/", List.of(parts).subList(0, existing)))
                .isEmpty()) {
            existing--;
        }
        String prefix = "/" + String.join("/", List.of(parts).subList(0, existing));
        try (Fd root = Fd.open(rootfs, Fd.O_PATH | Fd.O_DIRECTORY, 0);
             Fd base = root.openat2(prefix.equals("/") ? "." : prefix.substring(1), Fd.O_PATH | Fd.O_DIRECTORY, 0,
                     Fd.RESOLVE_IN_ROOT | Fd.RESOLVE_NO_MAGICLINKS)) {
            Path real = Files.readSymbolicLink(Path.of(base.procPath()));
            if (!real.startsWith(rootfs)) {
                throw new InternalException("working directory " + cwd + " resolves outside the container");
            }
            Path dir = real;
            for (int i = existing; i < parts.length; i++) {
                dir = dir.resolve(parts[i]);
                Files.createDirectory(dir);
            }
        } catch (ErrnoException e) {
            throw new InternalException("create working directory " + cwd + ": " + e.getMessage());
        } catch (IOException e) {
            throw new InternalException("create working directory " + cwd + ": " + e.getMessage());
        }
    }
}
