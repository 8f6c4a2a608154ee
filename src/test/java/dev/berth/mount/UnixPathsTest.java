package dev.berth.mount;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's path.Clean table and filepath.IsLocal on Unix. */
class UnixPathsTest {

    record Clean(String name, String path, String cleaned) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Local(String name, String path, boolean local) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Clean> cleanCases() {
        return Stream.of(
                new Clean("empty", "", "."), new Clean("root", "/", "/"), new Clean("double root", "//", "/"),
                new Clean("trailing slash", "/foo/", "/foo"), new Clean("dots", "/a/./b/../c", "/a/c"),
                new Clean("above root", "/../a", "/a"), new Clean("relative up", "a/../..", ".."),
                new Clean("relative keeps ups", "../../a", "../../a"), new Clean("dot", "./", "."),
                new Clean("dotdot slash", "../", ".."), new Clean("many slashes", "a//b///c", "a/b/c"),
                new Clean("collapse to dot", "a/..", "."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cleanCases")
    void clean_path_matchesGo(Clean c) {
        assertThat(dev.berth.gotext.GoPath.clean(c.path())).isEqualTo(c.cleaned());
    }

    static Stream<Local> localCases() {
        return Stream.of(
                new Local("empty", "", false), new Local("absolute", "/a", false), new Local("dot", ".", true),
                new Local("plain", "a/b", true), new Local("up", "..", false), new Local("up then down", "../a", false),
                new Local("down then up", "a/..", true), new Local("escaping", "a/../..", false),
                new Local("dots in names", "..a/b..", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("localCases")
    void isLocal_path_matchesGo(Local c) {
        assertThat(UnixPaths.isLocal(c.path())).isEqualTo(c.local());
    }
}
