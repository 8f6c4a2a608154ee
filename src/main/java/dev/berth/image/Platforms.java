package dev.berth.image;

import dev.berth.errors.InvalidArgumentException;

import java.util.Locale;

/** Platform strings ({@code os[/arch[/variant]]}) and the host's architecture in OCI/Go naming. */
final class Platforms {

    /** An OCI platform. Immutable. */
    record Platform(String os, String architecture, String variant) {}

    private Platforms() {
    }

    static String hostArchitecture() {
        return switch (System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> System.getProperty("os.arch");
        };
    }

    /** Parses a platform; empty means the host's. Only linux images can be used here, as Docker says. */
    static Platform parse(String spec, String hostArchitecture) {
        if (spec == null || spec.isEmpty()) {
            return new Platform("linux", hostArchitecture, "");
        }
        String[] parts = spec.toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new InvalidArgumentException("\"" + spec + "\": unknown operating system or architecture: "
                    + "invalid argument");
        }
        if (!parts[0].equals("linux")) {
            throw new InvalidArgumentException("image operating system \"" + parts[0]
                    + "\" cannot be used on this platform");
        }
        String arch = parts.length > 1 ? normaliseArch(parts[1]) : hostArchitecture;
        String variant = parts.length > 2 ? parts[2] : "";
        return new Platform("linux", arch, variant);
    }

    private static String normaliseArch(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386", "i686" -> "386";
            default -> arch;
        };
    }
}
