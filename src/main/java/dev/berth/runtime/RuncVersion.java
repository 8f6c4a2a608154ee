package dev.berth.runtime;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What {@code runc --version} says of itself, for {@code /version} and {@code /info} as Docker shows them: the
 * version ({@code runc version 1.1.5+ds1}) and the commit ({@code commit: 1.1.5+ds1-1+deb12u1}); empty strings
 * when runc cannot tell. Immutable.
 */
public record RuncVersion(String version, String commit) {

    public static final RuncVersion UNKNOWN = new RuncVersion("", "");

    /** Runs {@code <runc> --version} once; UNKNOWN when runc is missing or fails. */
    public static RuncVersion probe(Path runc) {
        try {
            return parse(Runc.capture(runc, "--version"));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    static RuncVersion parse(String output) {
        String version = "";
        String commit = "";
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (l.startsWith("runc version ")) {
                version = l.substring("runc version ".length()).strip();
            } else if (l.startsWith("commit:")) {
                commit = l.substring("commit:".length()).strip();
            }
        }
        return new RuncVersion(version, commit);
    }
}
