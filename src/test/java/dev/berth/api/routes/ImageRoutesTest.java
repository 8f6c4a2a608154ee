package dev.berth.api.routes;

import dev.berth.api.wire.ImageWire;
import dev.berth.errors.ForbiddenException;
import dev.berth.errors.UnavailableException;
import dev.berth.image.InvalidReferenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What pull answers and how layer paths become GraphDriver data. */
class ImageRoutesTest {

    private static final String DIGEST = "sha256:" + "e".repeat(64);
    private static final String NOT_YET = ": pulling from registries is not supported yet; add the image with docker"
            + " load or docker import";

    record Case(String name, String fromImage, String tag, Class<? extends RuntimeException> type, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> pulls() {
        return Stream.of(
                new Case("docker pull / run", "docker.io/library/nosuchimage", "latest", UnavailableException.class,
                        "berth cannot pull nosuchimage:latest" + NOT_YET),
                new Case("tag in the name", "busybox:1.36", "", UnavailableException.class,
                        "berth cannot pull busybox:1.36" + NOT_YET),
                new Case("tag replaces the name's tag", "busybox:1.36", "1.37", UnavailableException.class,
                        "berth cannot pull busybox:1.37" + NOT_YET),
                new Case("pull -a trailing colon", "busybox:", "", UnavailableException.class,
                        "berth cannot pull busybox" + NOT_YET),
                new Case("registry and path", "reg.example:5000/team/app", "2", UnavailableException.class,
                        "berth cannot pull reg.example:5000/team/app:2" + NOT_YET),
                new Case("digest as tag", "alpine", DIGEST, UnavailableException.class,
                        "berth cannot pull alpine@" + DIGEST + NOT_YET),
                new Case("scratch is reserved", "scratch", "latest", ForbiddenException.class,
                        "'scratch' is a reserved name"),
                new Case("invalid reference", "Busybox", "latest", InvalidReferenceException.class,
                        "invalid reference format: repository name (library/Busybox) must be lowercase"));
    }

    @ParameterizedTest
    @MethodSource("pulls")
    void pullUnsupported_reference_dockerClassAndBerthText(Case c) {
        RuntimeException e;
        try {
            e = ImageRoutes.pullUnsupported(c.fromImage(), c.tag());
        } catch (RuntimeException thrown) {
            e = thrown;
        }
        assertThat(e).isInstanceOf(c.type()).hasMessage(c.message());
    }

    @Test
    void graphDriver_threeLayers_upperIsTopLowerNearestFirst() {
        ImageWire.GraphDriver d = ImageRoutes.graphDriver(List.of(Path.of("/l/1/diff"), Path.of("/l/2/diff"),
                Path.of("/l/3/diff")));
        assertThat(d.name()).isEqualTo("overlayfs");
        assertThat(d.data()).isEqualTo(Map.of("LowerDir", "/l/2/diff:/l/1/diff", "UpperDir", "/l/3/diff"));
    }

    @Test
    void graphDriver_oneLayer_upperOnly() {
        assertThat(ImageRoutes.graphDriver(List.of(Path.of("/l/1/diff"))).data())
                .isEqualTo(Map.of("UpperDir", "/l/1/diff"));
    }

    @Test
    void graphDriver_noLayers_dataNull() {
        assertThat(ImageRoutes.graphDriver(List.of()).data()).isNull();
    }
}
