package dev.berth.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go's {@code regexp.Compile} errors, and the bounds berth adds before RE2J compiles. */
class GoRegexpTest {

    record ErrorCase(String name, String expr, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ErrorCase> errorCases() {
        String deep = "(".repeat(1000) + "x" + ")".repeat(1000);
        String chain = "(?:x?){1000}".repeat(3);
        return Stream.of(
                new ErrorCase("missing )", "to(day", "error parsing regexp: missing closing ): `to(day`"),
                new ErrorCase("missing ]", "[a", "error parsing regexp: missing closing ]: `[a`"),
                new ErrorCase("unexpected )", "a)", "error parsing regexp: unexpected ): `a)`"),
                new ErrorCase("repeat count over 1000", "a{1001}",
                        "error parsing regexp: invalid repeat count: `{1001}`"),
                new ErrorCase("nested repeat counts over 1000", "(a{1000}){2}",
                        "error parsing regexp: invalid repeat count: `{2}`"),
                new ErrorCase("nested repeat counts over 1000, deeper", "((a{10}){10}){11}?",
                        "error parsing regexp: invalid repeat count: `{11}?`"),
                new ErrorCase("lookahead", "(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
                new ErrorCase("backreference", "(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"),
                new ErrorCase("\\Z", "a\\Z", "error parsing regexp: invalid escape sequence: `\\Z`"),
                new ErrorCase("possessive", "a++", "error parsing regexp: invalid nested repetition operator: `++`"),
                new ErrorCase("1000 nested groups", deep, "error parsing regexp: expression nests too deeply: `"
                        + deep + "`"),
                new ErrorCase("over 100000 instructions", "x{1000}".repeat(101), "error parsing regexp: "
                        + "expression too large: `" + "x{1000}".repeat(101) + "`"),
                new ErrorCase("over 2000 instructions consuming no input", chain,
                        "error parsing regexp: expression too large: `" + chain + "`"),
                new ErrorCase("over 4096 characters", "v".repeat(4097),
                        "error parsing regexp: expression too large: `" + "v".repeat(4097) + "`"),
                new ErrorCase("too many class runes", "[\\pL\\pN]".repeat(200),
                        "error parsing regexp: expression too large: `" + "[\\pL\\pN]".repeat(200) + "`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void compile_invalid_goError(ErrorCase c) {
        assertThatThrownBy(() -> GoRegexp.compile(c.expr()))
                .isInstanceOf(GoRegexp.SyntaxException.class)
                .hasMessage(c.message());
    }

    static Stream<String> validCases() {
        return Stream.of("(?P<x>^j1$)", "[[:alpha:]]8$", "(?i)k", "\\pL", "((a{10}){10}){10}", "(a{1000}){0}",
                "(?:a{0}){1000}", "(?:a{1000})*", "[a-z]{1000}", "a{,2}", "x{1000}".repeat(100),
                "(".repeat(999) + "x" + ")".repeat(999), "(?:x?){1000}", "[\\pL\\pN]".repeat(150), "[]a]", "[^]a]",
                "\\Q(((\\E", "[(]{2}", "\\x{28}\\(", "v".repeat(4096));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void compile_valid_compiles(String expr) {
        assertThat(GoRegexp.compile(expr).toString()).isEqualTo(expr);
    }

    @Test
    void find_atTheBounds_fitsInAnEventLoopThreadStack() throws InterruptedException {
        // RE2J's matcher recurses once per instruction that consumes no input; 1 MB is the JVM's default stack.
        GoRegexp chain = GoRegexp.compile("(?:x?){1000}(?:y?){990}z");
        GoRegexp deep = GoRegexp.compile("(".repeat(990) + "z" + ")".repeat(990));
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(chain.find("xyz") && deep.find("z") && !chain.find("xy"));
            } catch (StackOverflowError e) {
                result.set(e);
            }
        }, "small-stack", 1024 * 1024);
        t.start();
        t.join();
        assertThat(result.get()).isEqualTo(true);
    }
}
