package dev.berth.image;

import dev.berth.errors.InvalidArgumentException;

import java.util.regex.Pattern;

/** Go's {@code path.Match} patterns ({@code *}, {@code ?}, {@code [...]}, {@code \}) as Java regexes. */
final class Globs {

    private Globs() {
    }

    static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (++i >= glob.length()) {
                        throw bad();
                    }
                    re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
                }
                case '[' -> {
                    int end = glob.indexOf(']', i + 2);
                    if (end < 0) {
                        throw bad();
                    }
                    String cls = glob.substring(i + 1, end);
                    if (cls.startsWith("^")) {
                        cls = "\\^" + cls.substring(1);
                    }
                    re.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1) : cls).append("&&[^/]]");
                    i = end;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static InvalidArgumentException bad() {
        return new InvalidArgumentException("syntax error in pattern");
    }
}
