package dev.berth.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Error texts of Go's encoding/json scanner (scanner.go) as a json.Decoder reports them: a value cut short is
 * {@code unexpected EOF}; content after the value is the caller's business ({@code check} returns true).
 */
class GoJsonSyntaxTest {

    /** {@code error} null: valid, and {@code trailing} says whether content follows the value. */
    record Case(String name, String json, String error, boolean trailing) {
        static Case ok(String name, String json) {
            return new Case(name, json, null, false);
        }

        static Case trailing(String name, String json) {
            return new Case(name, json, null, true);
        }

        static Case err(String name, String json, String error) {
            return new Case(name, json, error, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> objects() {
        return Stream.of(
                Case.ok("empty object", "{}"),
                Case.ok("object with members", "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}"),
                Case.ok("spaces everywhere", " { \"a\" : 1 , \"b\" : { } } "),
                Case.err("bare key", "{invalid", "invalid character 'i' looking for beginning of object key string"),
                Case.err("missing colon", "{\"a\" 1}", "invalid character '1' after object key"),
                Case.err("missing comma", "{\"a\":1 \"b\"}", "invalid character '\"' after object key:value pair"),
                Case.err("trailing comma", "{\"a\":1,}",
                        "invalid character '}' looking for beginning of object key string"),
                Case.err("leading comma", "{,}", "invalid character ',' looking for beginning of object key string"),
                Case.err("missing value", "{\"a\":}", "invalid character '}' looking for beginning of value"),
                Case.err("single-quoted key", "{'a':1}",
                        "invalid character '\\'' looking for beginning of object key string"),
                Case.err("colon instead of comma", "{\"a\":1:}", "invalid character ':' after object key:value pair"),
                Case.err("array closes object", "{\"a\":1]", "invalid character ']' after object key:value pair"),
                Case.err("unclosed", "{", "unexpected EOF"),
                Case.err("key only", "{\"a\"", "unexpected EOF"),
                Case.err("key and colon", "{\"a\":", "unexpected EOF"),
                Case.err("no closing brace", "{\"a\":1", "unexpected EOF"),
                Case.err("no closing brace after comma", "{\"a\":1,", "unexpected EOF"));
    }

    static Stream<Case> arrays() {
        return Stream.of(
                Case.ok("empty array", "[]"),
                Case.ok("empty array with space", "[ ]"),
                Case.ok("elements", "[1, 2 ,3]"),
                Case.ok("nested", "[[],[{}],[[1]]]"),
                Case.err("missing comma", "[1 2]", "invalid character '2' after array element"),
                Case.err("trailing comma", "[1,]", "invalid character ']' looking for beginning of value"),
                Case.err("leading comma", "[,1]", "invalid character ',' looking for beginning of value"),
                Case.err("object closes array", "[1}", "invalid character '}' after array element"),
                Case.err("colon in array", "[\"a\":1]", "invalid character ':' after array element"),
                Case.err("unclosed", "[", "unexpected EOF"),
                Case.err("unclosed after element", "[1", "unexpected EOF"),
                Case.err("unclosed after comma", "[1,", "unexpected EOF"));
    }

    static Stream<Case> literals() {
        return Stream.of(
                Case.ok("true", "true"),
                Case.ok("false", "false"),
                Case.ok("null", "null"),
                Case.err("tru", "tru", "unexpected EOF"),
                Case.err("fals", "fals", "unexpected EOF"),
                Case.err("n", "n", "unexpected EOF"),
                Case.err("trux", "trux", "invalid character 'x' in literal true (expecting 'e')"),
                Case.err("t1", "t1", "invalid character '1' in literal true (expecting 'r')"),
                Case.err("nul x", "nul x", "invalid character ' ' in literal null (expecting 'l')"),
                Case.err("nil", "nil", "invalid character 'i' in literal null (expecting 'u')"),
                Case.err("falsy", "falsy", "invalid character 'y' in literal false (expecting 'e')"),
                Case.err("fAlse", "fAlse", "invalid character 'A' in literal false (expecting 'a')"),
                Case.err("True", "True", "invalid character 'T' looking for beginning of value"),
                Case.err("bare word", "hello", "invalid character 'h' looking for beginning of value"),
                Case.err("literal in object", "{\"a\":nul}", "invalid character '}' in literal null (expecting 'l')"));
    }

    static Stream<Case> strings() {
        return Stream.of(
                Case.ok("plain", "\"abc\""),
                Case.ok("all short escapes", "\"\\b\\f\\n\\r\\t\\\\\\/\\\"\""),
                Case.ok("unicode escape", "\"\\u00e9\\uABCD\""),
                Case.ok("raw UTF-8", "\"h\u00e9llo \u20ac\""),
                Case.ok("DEL is allowed", "\"\u007f\""),
                Case.err("bad escape", "\"\\q\"", "invalid character 'q' in string escape code"),
                Case.err("escaped quote char", "\"\\'\"", "invalid character '\\'' in string escape code"),
                Case.err("bad unicode escape", "\"\\u12x4\"",
                        "invalid character 'x' in \\u hexadecimal character escape"),
                Case.err("short unicode escape", "\"\\u12\"",
                        "invalid character '\"' in \\u hexadecimal character escape"),
                Case.err("raw newline", "\"a\nb\"", "invalid character '\\n' in string literal"),
                Case.err("raw tab", "\"a\tb\"", "invalid character '\\t' in string literal"),
                Case.err("raw carriage return", "\"a\rb\"", "invalid character '\\r' in string literal"),
                Case.err("raw NUL", "\"\u0000\"", "invalid character '\\x00' in string literal"),
                Case.err("raw escape char", "\"\u001b\"", "invalid character '\\x1b' in string literal"),
                Case.err("raw bell", "\"\u0007\"", "invalid character '\\a' in string literal"),
                Case.err("raw vertical tab", "\"\u000b\"", "invalid character '\\v' in string literal"),
                Case.err("raw form feed", "\"\f\"", "invalid character '\\f' in string literal"),
                Case.err("unterminated", "\"abc", "unexpected EOF"),
                Case.err("unterminated escape", "\"\\", "unexpected EOF"),
                Case.err("unterminated unicode escape", "\"\\u00", "unexpected EOF"),
                Case.err("bad key string", "{\"a\\x\":1}", "invalid character 'x' in string escape code"));
    }

    static Stream<Case> numbers() {
        return Stream.of(
                Case.ok("zero", "0"),
                Case.ok("negative zero", "-0"),
                Case.ok("integer", "123"),
                Case.ok("fraction", "-1.25"),
                Case.ok("exponent", "1e5"),
                Case.ok("signed exponent", "-0.5E-3"),
                Case.ok("plus exponent", "2e+10"),
                Case.ok("numbers in array", "[0,-1,2.5,3e3]"),
                Case.trailing("leading zero: 0 then 1", "01"),
                Case.trailing("negative leading zero", "-01"),
                Case.err("lone minus", "-", "unexpected EOF"),
                Case.err("minus letter", "-x", "invalid character 'x' in numeric literal"),
                Case.err("minus in object", "{\"a\":-}", "invalid character '}' in numeric literal"),
                Case.err("dot at end", "1.", "unexpected EOF"),
                Case.err("dot letter", "1.x", "invalid character 'x' after decimal point in numeric literal"),
                Case.err("dot in object", "{\"a\":1.}", "invalid character '}' after decimal point in numeric literal"),
                Case.err("e at end", "1e", "unexpected EOF"),
                Case.err("e sign at end", "1e+", "unexpected EOF"),
                Case.err("e letter", "1ex", "invalid character 'x' in exponent of numeric literal"),
                Case.err("e sign letter", "1e-x", "invalid character 'x' in exponent of numeric literal"),
                Case.err("e in array", "[1e]", "invalid character ']' in exponent of numeric literal"),
                Case.err("leading zero in object", "{\"a\":01}", "invalid character '1' after object key:value pair"),
                Case.err("leading dot", ".5", "invalid character '.' looking for beginning of value"),
                Case.err("leading plus", "+1", "invalid character '+' looking for beginning of value"),
                Case.err("hex", "[0x1]", "invalid character 'x' after array element"));
    }

    static Stream<Case> topLevel() {
        return Stream.of(
                Case.err("empty", "", "unexpected end of JSON input"),
                Case.err("only whitespace", " \t\r\n", "unexpected end of JSON input"),
                Case.ok("JSON whitespace around", " \t\r\n{}\n\r\t "),
                Case.trailing("second value", "{} {}"),
                Case.trailing("garbage after", "{\"a\":1} x"),
                Case.trailing("garbage right after", "{}x"),
                Case.trailing("comma after", "[],"),
                Case.ok("closing brace after is not more content", "{}}"),
                Case.ok("closing bracket after is not more content", "{} ]"),
                Case.err("form feed is not whitespace", "\f{}",
                        "invalid character '\\f' looking for beginning of value"),
                Case.err("vertical tab is not whitespace", "\u000b{}",
                        "invalid character '\\v' looking for beginning of value"),
                Case.err("NUL", "\u0000", "invalid character '\\x00' looking for beginning of value"),
                Case.err("closing brace first", "}", "invalid character '}' looking for beginning of value"),
                Case.err("single quote", "'a'", "invalid character '\\'' looking for beginning of value"),
                Case.err("backslash", "\\", "invalid character '\\\\' looking for beginning of value"),
                Case.err("DEL", "\u007f", "invalid character '\\x7f' looking for beginning of value"));
    }

    static Stream<Case> all() {
        return Stream.of(objects(), arrays(), literals(), strings(), numbers(), topLevel()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void check_input_goScannerResult(Case c) throws GoJsonSyntax.SyntaxError {
        byte[] bytes = c.json().getBytes(StandardCharsets.UTF_8);
        if (c.error() == null) {
            assertThat(GoJsonSyntax.check(bytes, 0, bytes.length)).isEqualTo(c.trailing());
        } else {
            assertThatThrownBy(() -> GoJsonSyntax.check(bytes, 0, bytes.length))
                    .isInstanceOf(GoJsonSyntax.SyntaxError.class)
                    .hasMessage(c.error());
        }
    }

    /**
     * Go's scanner allows {@code maxNestingDepth} = 10000 open arrays and objects; pushing one more is
     * {@code invalid character '[' exceeded max depth} (the byte that opened it). Errors come in input order, so one
     * before the limit is reported instead. Run on a small stack: the scan must not recurse.
     */
    static Stream<Case> depths() {
        return Stream.of(
                Case.ok("10000 arrays", SmallStack.nest(10000, "[", "", "]")),
                Case.ok("10000 objects", SmallStack.nest(9999, "{\"a\":", "{}", "}")),
                Case.ok("10000 mixed with members around", "{\"x\":1,\"deep\":"
                        + SmallStack.nest(4999, "[{\"k\":", "[]", "}]") + ",\"y\":[1,2]}"),
                Case.ok("10000 with spaces", SmallStack.nest(10000, " [ ", "", " ] ")),
                Case.err("10001 arrays", SmallStack.nest(10001, "[", "", "]"),
                        "invalid character '[' exceeded max depth"),
                Case.err("10001 objects", SmallStack.nest(10000, "{\"a\":", "{}", "}"),
                        "invalid character '{' exceeded max depth"),
                Case.err("10001 mixed ends on an object", SmallStack.nest(5000, "[{\"k\":", "{}", "}]"),
                        "invalid character '{' exceeded max depth"),
                Case.err("over the limit, cut short", "[".repeat(10001), "invalid character '[' exceeded max depth"),
                Case.err("far over the limit", "[".repeat(200_000), "invalid character '[' exceeded max depth"),
                Case.err("syntax error before the limit", "[".repeat(9000) + "x" + "[".repeat(2000),
                        "invalid character 'x' looking for beginning of value"),
                Case.err("at the limit, cut short", "[".repeat(10000), "unexpected EOF"),
                Case.err("deep then bad separator", SmallStack.nest(600, "[", "1 2", "]"),
                        "invalid character '2' after array element"),
                Case.trailing("deep then more content", SmallStack.nest(9999, "{\"a\":", "{}", "}") + " x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("depths")
    void check_nesting_goMaxDepthWithoutRecursion(Case c) throws Exception {
        byte[] bytes = c.json().getBytes(StandardCharsets.UTF_8);
        if (c.error() == null) {
            assertThat(SmallStack.run(() -> GoJsonSyntax.check(bytes, 0, bytes.length))).isEqualTo(c.trailing());
        } else {
            assertThatThrownBy(() -> SmallStack.run(() -> GoJsonSyntax.check(bytes, 0, bytes.length)))
                    .isInstanceOf(GoJsonSyntax.SyntaxError.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void checkValid_tooDeep_sameTextAsDecoder() {
        byte[] bytes = SmallStack.nest(10001, "[", "", "]").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GoJsonSyntax.checkValid(bytes, 0, bytes.length))
                .isInstanceOf(GoJsonSyntax.SyntaxError.class)
                .hasMessage("invalid character '[' exceeded max depth");
    }

    @Test
    void check_offsetAndLength_onlyThatRangeIsRead() throws GoJsonSyntax.SyntaxError {
        byte[] bytes = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
        assertThat(GoJsonSyntax.check(bytes, 2, 7)).isFalse();
        assertThatThrownBy(() -> GoJsonSyntax.check(bytes, 2, 6)).hasMessage("unexpected EOF");
    }

    @Test
    void check_nonAsciiOutsideString_goQuotesLatin1Rune() {
        byte[] bytes = "[\u00e9]".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GoJsonSyntax.check(bytes, 0, bytes.length))
                .hasMessage("invalid character '\u00c3' looking for beginning of value");
    }

    record ValidCase(String name, String json, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** json.Unmarshal's checkValid: one value only, and its own wording for the end of input. */
    static Stream<ValidCase> checkValidCases() {
        return Stream.of(
                new ValidCase("object", " {\"a\":[1]} ", null),
                new ValidCase("null", "null", null),
                new ValidCase("empty", "", "unexpected end of JSON input"),
                new ValidCase("whitespace", " \n", "unexpected end of JSON input"),
                new ValidCase("cut short", "{\"a\":", "unexpected end of JSON input"),
                new ValidCase("literal cut short", "tru", "unexpected end of JSON input"),
                new ValidCase("closing brace after", "{}}", "invalid character '}' after top-level value"),
                new ValidCase("second value", "{} {}", "invalid character '{' after top-level value"),
                new ValidCase("leading zero", "01", "invalid character '1' after top-level value"),
                new ValidCase("syntax error inside", "{x}", "invalid character 'x' looking for beginning of object key"
                        + " string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkValidCases")
    void checkValid_input_goUnmarshalSyntax(ValidCase c) throws GoJsonSyntax.SyntaxError {
        byte[] bytes = c.json().getBytes(StandardCharsets.UTF_8);
        if (c.error() == null) {
            GoJsonSyntax.checkValid(bytes, 0, bytes.length);
        } else {
            assertThatThrownBy(() -> GoJsonSyntax.checkValid(bytes, 0, bytes.length))
                    .isInstanceOf(GoJsonSyntax.SyntaxError.class)
                    .hasMessage(c.error());
        }
    }

    @Test
    void scanValue_objectThenMore_endAfterValue() throws GoJsonSyntax.SyntaxError {
        byte[] bytes = "  {\"a\":\"}\"} x".getBytes(StandardCharsets.UTF_8);
        int end = GoJsonSyntax.scanValue(bytes, 0, bytes.length);
        assertThat(end).isEqualTo(11);
        assertThat(GoJsonSyntax.more(bytes, end, bytes.length)).isTrue();
        assertThat(GoJsonSyntax.more(bytes, bytes.length, bytes.length)).isFalse();
    }
}
