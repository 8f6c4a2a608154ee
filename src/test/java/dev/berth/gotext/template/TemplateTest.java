package dev.berth.gotext.template;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Go text/template semantics, case by case, with the results Go documents and produces. */
class TemplateTest {

    record Case(String name, String template, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Failure(String name, String template, Class<? extends TemplateException> type, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final GoType LABELS = GoType.mapOf(GoType.STRING, GoType.STRING);
    static final GoType INNER = GoType.struct("test.Inner").field("Size", GoType.INT64).field("Note", GoType.STRING)
            .freeze();
    static final GoType DATA = GoType.struct("test.Data")
            .field("Name", GoType.STRING)
            .field("Count", GoType.INT)
            .field("Ratio", GoType.FLOAT64)
            .field("On", GoType.BOOL)
            .field("Labels", LABELS)
            .field("Empty", LABELS)
            .field("Items", GoType.sliceOf(GoType.STRING))
            .field("Inner", INNER)
            .field("Ptr", GoType.pointerTo(INNER))
            .field("NilPtr", GoType.pointerTo(INNER))
            .field("Any", GoType.mapOf(GoType.STRING, GoType.ANY))
            .field("hidden", GoType.STRING)
            .method("Greet", true, List.of(GoType.STRING), GoType.STRING, (r, a) -> Value.of("hi " + a.getFirst().str()))
            .method("Upper", true, List.of(), GoType.STRING, (r, a) -> Value.of(r.field("Name").str().toUpperCase()))
            .freeze();

    static Value data() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("b", "2");
        labels.put("a", "1");
        Map<Object, Value> any = new LinkedHashMap<>();
        any.put("n", Value.of(GoType.FLOAT64, 1000000.0));
        any.put("s", Value.of("x"));
        Value inner = Value.struct(INNER, Value.of(GoType.INT64, 42L), Value.of("in"));
        return Value.pointer(GoType.pointerTo(DATA), Value.struct(DATA, Value.of("vol"), Value.ofInt(3),
                Value.of(GoType.FLOAT64, 0.5), Value.ofBool(true), Value.stringMap(LABELS, labels),
                Value.stringMap(LABELS, null), Value.stringSlice(List.of("x", "y")), inner,
                Value.pointer(GoType.pointerTo(INNER), inner), Value.zero(GoType.pointerTo(INNER)),
                Value.of(GoType.mapOf(GoType.STRING, GoType.ANY), any), Value.of("secret")));
    }

    static Stream<Case> outputs() {
        return Stream.of(
                new Case("text only", "plain", "plain"),
                new Case("field", "{{.Name}}", "vol"),
                new Case("int and float", "{{.Count}} {{.Ratio}}", "3 0.5"),
                new Case("map prints sorted", "{{.Labels}}", "map[a:1 b:2]"),
                new Case("nil map", "{{.Empty}}", "map[]"),
                new Case("slice", "{{.Items}}", "[x y]"),
                new Case("struct", "{{.Inner}}", "{42 in}"),
                new Case("pointer to struct followed", "{{.Ptr}}", "{42 in}"),
                new Case("nil pointer", "{{.NilPtr}}", "<nil>"),
                new Case("chained field", "{{.Ptr.Size}}", "42"),
                new Case("map key as field", "{{.Labels.a}}", "1"),
                new Case("missing map key", "{{.Labels.zz}}", "<no value>"),
                new Case("float64 in any prints %v", "{{.Any.n}}", "1e+06"),
                new Case("method", "{{.Upper}}", "VOL"),
                new Case("method with argument", "{{.Greet \"you\"}}", "hi you"),
                new Case("piped final argument", "{{\"me\" | .Greet}}", "hi me"),
                new Case("variable", "{{$x := .Name}}{{$x}}{{$x = \"y\"}}{{$x}}", "voly"),
                new Case("dollar is the data", "{{with .Inner}}{{$.Name}}{{.Note}}{{end}}", "volin"),
                new Case("if else if", "{{if .Empty}}a{{else if .On}}b{{else}}c{{end}}", "b"),
                new Case("with else", "{{with .Empty}}x{{else}}none{{end}}", "none"),
                new Case("else with", "{{with .Empty}}x{{else with .Name}}{{.}}{{end}}", "vol"),
                new Case("range slice", "{{range $i, $v := .Items}}{{$i}}={{$v}};{{end}}", "0=x;1=y;"),
                new Case("range map sorted", "{{range $k, $v := .Labels}}{{$k}}{{$v}}{{end}}", "a1b2"),
                new Case("range else", "{{range .Empty}}x{{else}}empty{{end}}", "empty"),
                new Case("range break continue",
                        "{{range .Items}}{{if eq . \"x\"}}{{continue}}{{end}}{{.}}{{break}}{{end}}", "y"),
                new Case("range over int", "{{range 3}}{{.}}{{end}}", "012"),
                new Case("trim markers", "a  {{- .Name -}}  b", "avolb"),
                new Case("comment", "a{{/* note */}}b{{- /* x */ -}} c", "abc"),
                new Case("raw string", "{{`a\\n`}}", "a\\n"),
                new Case("literals", "{{1}} {{1.5}} {{true}} {{'a'}} {{0x10}} {{1e3}}", "1 1.5 true 97 16 1000"),
                new Case("escapes in quotes", "{{\"a\\\"b\"}} {{'\\''}}", "a\"b 39"),
                new Case("parenthesised", "{{printf \"%s-%d\" (print .Name) (len .Items)}}", "vol-2"),
                new Case("and or not", "{{and 1 0}} {{or 0 \"\" 2}} {{not .On}} {{and .On .Name}}", "0 2 false vol"),
                new Case("comparisons", "{{eq .Count 3}} {{ne .Name \"x\"}} {{lt 1 2}} {{le 2 2}} {{gt 1.5 2.5}} {{ge \"b\" \"a\"}}",
                        "true true true true false true"),
                new Case("eq several", "{{eq .Name \"a\" \"vol\"}}", "true"),
                new Case("index", "{{index .Labels \"b\"}} {{index .Items 1}} {{index .Labels \"nope\"}}|", "2 y |"),
                new Case("slice", "{{slice .Name 1}} {{slice .Items 0 1}}", "ol [x]"),
                new Case("len", "{{len .Name}} {{len .Labels}} {{len .Empty}}", "3 2 0"),
                new Case("print spacing", "{{print 1 2 \"a\" 3 \"b\" \"c\"}}", "1 2a3bc"),
                new Case("println", "{{println .Name 1}}", "vol 1\n"),
                new Case("printf verbs", "{{printf \"%q %v %d %x %X %t %5s|%-5s|%%\" .Name .Count .Count 255 255 .On \"ab\" \"cd\"}}",
                        "\"vol\" 3 3 ff FF true    ab|cd   |%"),
                new Case("printf struct forms", "{{printf \"%v %+v\" .Inner .Inner}}", "{42 in} {Size:42 Note:in}"),
                new Case("printf pointer at top", "{{printf \"%v\" .Ptr}}", "&{42 in}"),
                new Case("printf bad verb and missing", "{{printf \"%d %s\" \"x\"}}", "%!d(string=x) %!s(MISSING)"),
                new Case("printf extra", "{{printf \"a\" 1}}", "a%!(EXTRA int=1)"),
                new Case("printf floats", "{{printf \"%.2f %e %g %06.1f\" .Ratio 1234.5 0.000012 3.14159}}",
                        "0.50 1.234500e+03 1.2e-05 0003.1"),
                new Case("printf flags as the docker CLI prints them",
                        "{{printf \"%.2f %e %g %06.1f|%x|%q|%U|%#U|%c|%08.3f|%+d|% d|%#x|%#o|%b|%o|%O\" \"N/A\" 1234.5 "
                                + "0.000012 3.14159 \"hi\" 65 65 65 65 -3.14159 5 5 255 8 5 8 8}}",
                        "%!f(string=N/) 1.234500e+03 1.2e-05 0003.1|6869|'A'|U+0041|U+0041 'A'|A|-003.142|+5| 5|0xff|010"
                                + "|101|10|0o10"),
                new Case("%v of floats", "{{printf \"%v %v %v %v %v %v\" 1e6 100000.0 123456789.0 0.0001 0.00001 1e21}}",
                        "1e+06 100000 1.23456789e+08 0.0001 1e-05 1e+21"),
                new Case("width and precision", "{{printf \"%5.1q|%-8v|%08s|%x\" \"abc\" true \"ab\" -255}}",
                        "  \"a\"|true    |000000ab|-ff"),
                new Case("printf type", "{{printf \"%T %T %T\" .Labels .Ptr .Items}}",
                        "map[string]string *test.Inner []string"),
                new Case("nil to print", "{{print nil}}", "<nil>"),
                new Case("html js urlquery", "{{html \"<a&'\\\"\"}} {{js \"a'b<\"}} {{urlquery \"a b&c\"}}",
                        "&lt;a&amp;&#39;&#34; a\\'b\\u003C a+b%26c"),
                new Case("define and template", "{{define \"t\"}}[{{.}}]{{end}}{{template \"t\" .Name}}", "[vol]"),
                new Case("block", "{{block \"b\" .Count}}<{{.}}>{{end}}", "<3>"),
                new Case("multiline action", "{{.Name\n}}", "vol"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void execute_producesGoOutput(Case c) {
        assertThat(Template.parse("", c.template(), Map.of()).execute(data())).isEqualTo(c.expected());
    }

    static Stream<Failure> failures() {
        Class<TemplateException.Parse> p = TemplateException.Parse.class;
        Class<TemplateException.Exec> e = TemplateException.Exec.class;
        return Stream.of(
                new Failure("unclosed action", "{{.Name", p, "template: :1: unclosed action"),
                new Failure("unknown function", "{{foo}}", p, "template: :1: function \"foo\" not defined"),
                new Failure("undefined variable", "{{$x}}", p, "template: :1: undefined variable \"$x\""),
                new Failure("unexpected end", "{{end}}", p, "template: :1: unexpected {{end}}"),
                new Failure("missing end", "{{if .On}}x", p, "template: :1: unexpected EOF"),
                new Failure("break outside range", "{{break}}", p, "template: :1: {{break}} outside {{range}}"),
                new Failure("empty pipeline", "{{}}", p, "template: :1: missing value for command"),
                new Failure("unterminated string", "{{\"abc}}", p, "template: :1: unterminated quoted string"),
                new Failure("unterminated character", "{{'a}}", p, "template: :1: unterminated character constant"),
                new Failure("bad character", "{{.Name#}}", p, "template: :1: bad character U+0023 '#'"),
                new Failure("unclosed in later line", "x\n{{.Name\n", p, "template: :3: unclosed action started at :2"),
                new Failure("non executable stage", "{{.Name | 1}}", p,
                        "template: :1: non executable command in pipeline stage 2"),
                new Failure("unknown field", "{{.Foo}}", e,
                        "template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *test.Data"),
                new Failure("chain position is the second field", "{{.Inner.Foo}}", e,
                        "template: :1:8: executing \"\" at <.Inner.Foo>: can't evaluate field Foo in type test.Inner"),
                new Failure("nil pointer", "{{.NilPtr.Size}}", e,
                        "template: :1:9: executing \"\" at <.NilPtr.Size>: nil pointer evaluating *test.Inner.Size"),
                new Failure("unexported", "{{.hidden}}", e,
                        "template: :1:2: executing \"\" at <.hidden>: hidden is an unexported field of struct type *test.Data"),
                new Failure("field with argument", "{{.Name 1}}", e,
                        "template: :1:2: executing \"\" at <.Name>: Name has arguments but cannot be invoked as function"),
                new Failure("wrong arg count", "{{len}}", e,
                        "template: :1:2: executing \"\" at <len>: wrong number of args for len: want 1 got 0"),
                new Failure("wrong arg type", "{{.Greet 1}}", e,
                        "template: :1:9: executing \"\" at <1>: expected string; found 1"),
                new Failure("index out of range", "{{index .Items 5}}", e,
                        "template: :1:2: executing \"\" at <index .Items 5>: error calling index: index out of range: 5"),
                new Failure("incompatible comparison", "{{eq .Name 1}}", e,
                        "template: :1:2: executing \"\" at <eq .Name 1>: error calling eq: incompatible types for comparison: string and int"),
                new Failure("range over non-iterable", "{{range .On}}{{end}}", e,
                        "template: :1:8: executing \"\" at <.On>: range can't iterate over true"),
                new Failure("template not defined", "{{template \"x\"}}", e,
                        "template: :1:11: executing \"\" at <{{template \"x\"}}>: template \"x\" not defined"),
                new Failure("line and column", "ab\n  {{.Nope}}", e,
                        "template: :2:4: executing \"\" at <.Nope>: can't evaluate field Nope in type *test.Data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void errors_haveGoText(Failure f) {
        assertThatThrownBy(() -> Template.parse("", f.template(), Map.of()).execute(data()))
                .isInstanceOf(f.type()).hasMessage(f.message());
    }

    @org.junit.jupiter.api.Test
    void missingKeyError_reportsTheKey() {
        Template t = Template.parse("", "{{.Labels.zz}}", Map.of()).withMissingKey(Template.MissingKey.ERROR);
        assertThatThrownBy(() -> t.execute(data())).hasMessage(
                "template: :1:9: executing \"\" at <.Labels.zz>: map has no entry for key \"zz\"");
    }

    @org.junit.jupiter.api.Test
    void json_marshalsAsGo() {
        assertThat(GoJson.marshal(data(), false)).isEqualTo("{\"Name\":\"vol\",\"Count\":3,\"Ratio\":0.5,\"On\":true,"
                + "\"Labels\":{\"a\":\"1\",\"b\":\"2\"},\"Empty\":null,\"Items\":[\"x\",\"y\"],"
                + "\"Inner\":{\"Size\":42,\"Note\":\"in\"},\"Ptr\":{\"Size\":42,\"Note\":\"in\"},\"NilPtr\":null,"
                + "\"Any\":{\"n\":1000000,\"s\":\"x\"}}");
        assertThat(GoJson.marshal(Value.of("<a>\u2028\u0001"), true)).isEqualTo("\"\\u003ca\\u003e\\u2028\\u0001\"");
    }
}
