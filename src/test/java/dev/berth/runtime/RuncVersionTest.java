package dev.berth.runtime;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RuncVersionTest {

    @Test
    void parse_debianRunc() {
        assertThat(RuncVersion.parse("runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n"
                + "go: go1.19.8\nlibseccomp: 2.5.4\n")).isEqualTo(new RuncVersion("1.1.5+ds1", "1.1.5+ds1-1+deb12u1"));
    }

    @Test
    void parse_upstreamRuncWithVPrefixedCommit() {
        assertThat(RuncVersion.parse("runc version 1.2.4\ncommit: v1.2.4-0-g6c52b3fc\nspec: 1.2.0\n"))
                .isEqualTo(new RuncVersion("1.2.4", "v1.2.4-0-g6c52b3fc"));
    }

    @Test
    void parse_unexpectedOutput_empty() {
        assertThat(RuncVersion.parse("something else\n")).isEqualTo(RuncVersion.UNKNOWN);
        assertThat(RuncVersion.parse("")).isEqualTo(RuncVersion.UNKNOWN);
    }
}
