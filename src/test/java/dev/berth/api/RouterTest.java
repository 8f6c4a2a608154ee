package dev.berth.api;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Route patterns as moby's router declares them: literals, {@code {name}}, and {@code {name:.*}}. */
class RouterTest {

    private static final Map<String, RouteHandler> HANDLERS = new HashMap<>();

    private static RouteHandler handler(String id) {
        return HANDLERS.computeIfAbsent(id, k -> ex -> {
        });
    }

    private static final Router ROUTER = new Router()
            .get("/_ping", Route.Mode.INLINE, handler("ping"))
            .head("/_ping", Route.Mode.INLINE, handler("ping-head"))
            .get("/volumes", Route.Mode.INLINE, handler("list"))
            .post("/volumes/create", Route.Mode.BLOCKING, handler("create"))
            .post("/volumes/prune", Route.Mode.BLOCKING, handler("prune"))
            .get("/volumes/{name:.*}", Route.Mode.INLINE, handler("inspect"))
            .delete("/volumes/{name:.*}", Route.Mode.BLOCKING, handler("remove"))
            .put("/volumes/{name:.*}", Route.Mode.BLOCKING, handler("update"))
            .get("/containers/{id}/json", Route.Mode.INLINE, handler("container-inspect"))
            .post("/containers/{id}/start", Route.Mode.BLOCKING, handler("container-start"))
            .post("/containers/{id}/start", Route.Mode.BLOCKING, handler("shadowed"));

    /** The dispatcher's split: the path without its leading slash, on every slash, empty parts kept. */
    private static String[] split(String path) {
        return path.length() <= 1 ? new String[] {""} : path.substring(1).split("/", -1);
    }

    /** {@code route} null: no route; otherwise the handler id and the expected path variables. */
    record Case(String name, HttpMethod method, String path, String route, Map<String, String> params) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("literal", HttpMethod.GET, "/_ping", "ping", Map.of()),
                new Case("literal, HEAD", HttpMethod.HEAD, "/_ping", "ping-head", Map.of()),
                new Case("literal, wrong method", HttpMethod.POST, "/_ping", null, null),
                new Case("literal, trailing slash", HttpMethod.GET, "/_ping/", null, null),
                new Case("literal list", HttpMethod.GET, "/volumes", "list", Map.of()),
                new Case("list, trailing slash is a name", HttpMethod.GET, "/volumes/", "inspect", Map.of("name", "")),
                new Case("literal before variable", HttpMethod.POST, "/volumes/create", "create", Map.of()),
                new Case("prune", HttpMethod.POST, "/volumes/prune", "prune", Map.of()),
                new Case("GET create is a volume name", HttpMethod.GET, "/volumes/create", "inspect",
                        Map.of("name", "create")),
                new Case("name", HttpMethod.GET, "/volumes/qq", "inspect", Map.of("name", "qq")),
                new Case("name with slash", HttpMethod.GET, "/volumes/a/b", "inspect", Map.of("name", "a/b")),
                new Case("name with slashes, DELETE", HttpMethod.DELETE, "/volumes/a/b/c", "remove",
                        Map.of("name", "a/b/c")),
                new Case("name with empty segment", HttpMethod.GET, "/volumes/a//b", "inspect", Map.of("name", "a//b")),
                new Case("name with trailing slash", HttpMethod.GET, "/volumes/a/", "inspect", Map.of("name", "a/")),
                new Case("PUT volume", HttpMethod.PUT, "/volumes/v", "update", Map.of("name", "v")),
                new Case("method mismatch", HttpMethod.PATCH, "/volumes/v", null, null),
                new Case("POST to a volume name", HttpMethod.POST, "/volumes/v", null, null),
                new Case("segment variable", HttpMethod.GET, "/containers/abc/json", "container-inspect",
                        Map.of("id", "abc")),
                new Case("segment variable, empty", HttpMethod.GET, "/containers//json", null, null),
                new Case("segment variable, trailing slash", HttpMethod.GET, "/containers/abc/json/", null, null),
                new Case("segment variable, too short", HttpMethod.GET, "/containers/abc", null, null),
                new Case("segment variable, too long", HttpMethod.GET, "/containers/a/b/json", null, null),
                new Case("first route wins", HttpMethod.POST, "/containers/c1/start", "container-start",
                        Map.of("id", "c1")),
                new Case("root", HttpMethod.GET, "/", null, null),
                new Case("unknown", HttpMethod.GET, "/nope", null, null),
                new Case("case-sensitive", HttpMethod.GET, "/Volumes", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void find_methodAndPath_routeAndParams(Case c) {
        Router.Match m = ROUTER.find(c.method(), split(c.path()));
        if (c.route() == null) {
            assertThat(m).isNull();
        } else {
            assertThat(m).isNotNull();
            assertThat(m.route().handler()).isSameAs(HANDLERS.get(c.route()));
            assertThat(m.params()).isEqualTo(c.params());
        }
    }

    @Test
    void of_pattern_segmentsAndMode() {
        Route r = Route.of(HttpMethod.GET, "/volumes/{name:.*}", Route.Mode.BLOCKING, handler("x"));
        assertThat(r.segments()).containsExactly("volumes", "{name:.*}");
        assertThat(r.mode()).isEqualTo(Route.Mode.BLOCKING);
        assertThat(r.pattern()).isEqualTo("/volumes/{name:.*}");
    }

    @Test
    void offload_onlyForInlineRoutes_andDecidesPerRequest() {
        assertThatThrownBy(() -> Route.of(HttpMethod.GET, "/x", Route.Mode.BLOCKING, ex -> true, handler("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Route.of(HttpMethod.GET, "/x", Route.Mode.INLINE, handler("x")).runsInline(null)).isTrue();
        assertThat(Route.of(HttpMethod.GET, "/x", Route.Mode.INLINE, ex -> true, handler("x")).runsInline(null))
                .isFalse();
        assertThat(Route.of(HttpMethod.GET, "/x", Route.Mode.INLINE, ex -> false, handler("x")).runsInline(null))
                .isTrue();
        assertThat(Route.of(HttpMethod.GET, "/x", Route.Mode.BLOCKING, handler("x")).runsInline(null)).isFalse();
    }

    @Test
    void match_restVariableWithoutRest_noMatch() {
        Route r = Route.of(HttpMethod.GET, "/volumes/{name:.*}", Route.Mode.INLINE, handler("x"));
        Map<String, String> params = new HashMap<>();
        assertThat(r.match(split("/volumes"), params)).isFalse();
    }
}
