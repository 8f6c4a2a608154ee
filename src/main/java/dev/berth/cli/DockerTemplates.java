package dev.berth.cli;

import dev.berth.gotext.template.GoFunc;
import dev.berth.gotext.template.GoJson;
import dev.berth.gotext.template.GoType;
import dev.berth.gotext.template.Template;
import dev.berth.gotext.template.TemplateException;
import dev.berth.gotext.template.Value;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The docker CLI's template functions (its {@code templates} package): json, split, join, title, lower, upper,
 * pad, truncate; and the header variants a table's header row runs with, which leave the column names as they are
 * (pad excepted). Stateless.
 */
final class DockerTemplates {

    private static final GoType S = GoType.STRING;
    private static final GoType STRINGS = GoType.sliceOf(GoType.STRING);

    static final Map<String, GoFunc> BASIC = Map.of(
            "json", GoFunc.of("json", S, List.of(GoType.ANY), a -> Value.of(GoJson.marshal(a.getFirst(), false).strip())),
            "split", GoFunc.of("split", STRINGS, List.of(S, S), a -> Value.stringSlice(split(a.get(0).str(), a.get(1).str()))),
            "join", GoFunc.of("join", S, List.of(STRINGS, S), a -> Value.of(join(a.get(0), a.get(1).str()))),
            "title", GoFunc.of("title", S, List.of(S), a -> Value.of(title(a.getFirst().str()))),
            "lower", GoFunc.of("lower", S, List.of(S), a -> Value.of(mapRunes(a.getFirst().str(), false))),
            "upper", GoFunc.of("upper", S, List.of(S), a -> Value.of(mapRunes(a.getFirst().str(), true))),
            "pad", GoFunc.of("pad", S, List.of(S, GoType.INT, GoType.INT),
                    a -> Value.of(pad(a.get(0).str(), a.get(1).longValue(), a.get(2).longValue()))),
            "truncate", GoFunc.of("truncate", S, List.of(S, GoType.INT),
                    a -> Value.of(truncate(a.get(0).str(), a.get(1).longValue()))));

    static final Map<String, GoFunc> HEADER = Map.of(
            "json", GoFunc.of("json", S, List.of(S), a -> a.getFirst()),
            "split", GoFunc.of("split", S, List.of(S, S), a -> a.getFirst()),
            "join", GoFunc.of("join", S, List.of(S, S), a -> a.getFirst()),
            "title", GoFunc.of("title", S, List.of(S), a -> a.getFirst()),
            "lower", GoFunc.of("lower", S, List.of(S), a -> a.getFirst()),
            "upper", GoFunc.of("upper", S, List.of(S), a -> a.getFirst()),
            "truncate", GoFunc.of("truncate", S, List.of(S, GoType.INT), a -> a.getFirst()));

    private DockerTemplates() {
    }

    /** docker's {@code templates.Parse}: an anonymous template with the basic functions. */
    static Template parse(String text) {
        return Template.parse("", text, BASIC);
    }

    /** Parses for a command that fails with docker's "template parsing error: ..." and exit code 64. */
    static Template parseOrExit64(String name, String text, Map<String, GoFunc> extra) {
        try {
            Map<String, GoFunc> f = new java.util.HashMap<>(BASIC);
            f.putAll(extra);
            return Template.parse(name, text, f);
        } catch (TemplateException.Parse e) {
            throw new BerthCli.CliException("template parsing error: " + e.getMessage(), 64);
        }
    }

    /** strings.Split: around every {@code sep}; an empty sep splits into runes. */
    static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        int from = 0;
        for (int i; (i = s.indexOf(sep, from)) >= 0; from = i + sep.length()) {
            out.add(s.substring(from, i));
        }
        out.add(s.substring(from));
        return out;
    }

    private static String join(Value elems, String sep) {
        List<String> parts = new ArrayList<>();
        elems.list().forEach(v -> parts.add(v.str()));
        return String.join(sep, parts);
    }

    /** strings.Title: the first letter of each word in title case; words end at anything but letters and digits. */
    static String title(String s) {
        StringBuilder b = new StringBuilder();
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int r = s.codePointAt(i);
            i += Character.charCount(r);
            b.appendCodePoint(separator(prev) ? Character.toTitleCase(r) : r);
            prev = r;
        }
        return b.toString();
    }

    private static boolean separator(int r) {
        if (r <= 0x7f) {
            return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_');
        }
        if (Character.isLetter(r) || Character.isDigit(r)) {
            return false;
        }
        return Character.isWhitespace(r) || Character.isSpaceChar(r);
    }

    /** strings.ToUpper/ToLower: rune by rune, without Java's locale or context rules. */
    private static String mapRunes(String s, boolean upper) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(r -> b.appendCodePoint(upper ? Character.toUpperCase(r) : Character.toLowerCase(r)));
        return b.toString();
    }

    private static String pad(String source, long prefix, long suffix) {
        if (source.isEmpty()) {
            return source;
        }
        if (prefix < 0 || suffix < 0) {
            throw new GoFunc.Failure("strings: negative Repeat count");
        }
        return " ".repeat((int) prefix) + source + " ".repeat((int) suffix);
    }

    /** The first {@code length} bytes, as docker slices the string; a cut inside a rune leaves U+FFFD. */
    private static String truncate(String source, long length) {
        byte[] b = source.getBytes(StandardCharsets.UTF_8);
        if (b.length < length) {
            return source;
        }
        if (length < 0) {
            throw new GoFunc.Failure("runtime error: slice bounds out of range [:" + length + "]");
        }
        return new String(b, 0, (int) length, StandardCharsets.UTF_8);
    }

    /**
     * docker's formatter: a {@code table} prefix is dropped (the caller prints a header row), {@code json} is
     * {@code {{json .}}}, surrounding spaces go, and the two-character {@code \t} and {@code \n} become a tab and a
     * newline.
     */
    static String preFormat(String format) {
        String f = format;
        if (f.startsWith("table")) {
            f = f.substring(5);
        } else if (f.equals("json")) {
            f = "{{json .}}";
        }
        int start = 0;
        int end = f.length();
        while (start < end && f.charAt(start) == ' ') {
            start++;
        }
        while (end > start && f.charAt(end - 1) == ' ') {
            end--;
        }
        return f.substring(start, end).replace("\\t", "\t").replace("\\n", "\n");
    }
}
