package dev.berth.image;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The word processing Dockerfile instructions apply to their arguments: quote removal, backslash escapes and
 * {@code $VAR}/{@code ${VAR}} expansion with the {@code :-}, {@code -}, {@code :+}, {@code +}, {@code :?} and
 * {@code ?} modifiers. Stateless and thread-safe.
 */
final class ShellWords {

    private ShellWords() {
    }

    /** Processes {@code text} as one word (whitespace is kept). */
    static String word(String text, Function<String, String> env) {
        List<String> words = process(text, env, false);
        return words.isEmpty() ? "" : words.getFirst();
    }

    /** Processes {@code text} into words split on unquoted whitespace, including whitespace from expansions. */
    static List<String> words(String text, Function<String, String> env) {
        return process(text, env, true);
    }

    /**
     * Splits a Dockerfile argument line into words on whitespace outside quotes, keeping quotes and escapes in the
     * words (the parser's {@code parseWords}; expansion happens later).
     */
    static List<String> rawWords(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                word.append(c).append(text.charAt(++i));
                continue;
            }
            if (quote == 0 && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
            word.append(c);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    private static List<String> process(String text, Function<String, String> env, boolean split) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (split && Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
                continue;
            }
            inWord = true;
            switch (c) {
                case '\\' -> {
                    if (i + 1 < n) {
                        word.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        i++;
                    }
                }
                case '\'' -> {
                    int end = text.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new ChangeException("unexpected end of statement while looking for matching "
                                + "single-quote");
                    }
                    word.append(text, i + 1, end);
                    i = end + 1;
                }
                case '"' -> i = doubleQuoted(text, i + 1, word, env);
                case '$' -> {
                    int[] next = {i};
                    String value = variable(text, next, env);
                    i = next[0];
                    if (split) {
                        // Unquoted expansions are split on whitespace, as a shell does (EXPOSE $PORTS).
                        List<String> parts = List.of(value.split("\\s+", -1));
                        for (int p = 0; p < parts.size(); p++) {
                            if (p > 0) {
                                if (!word.isEmpty()) {
                                    out.add(word.toString());
                                }
                                word.setLength(0);
                            }
                            word.append(parts.get(p));
                        }
                    } else {
                        word.append(value);
                    }
                }
                default -> {
                    word.append(c);
                    i++;
                }
            }
        }
        if (inWord && (!split || !word.isEmpty())) {
            out.add(word.toString());
        }
        return out;
    }

    private static int doubleQuoted(String text, int i, StringBuilder word, Function<String, String> env) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < n && "\"\\$".indexOf(text.charAt(i + 1)) >= 0) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                int[] next = {i};
                word.append(variable(text, next, env));
                i = next[0];
            } else {
                word.append(c);
                i++;
            }
        }
        throw new ChangeException("unexpected end of statement while looking for matching double-quote");
    }

    /** Expands the variable at {@code pos[0]} (which points at '$') and advances {@code pos[0]} past it. */
    private static String variable(String text, int[] pos, Function<String, String> env) {
        int i = pos[0] + 1;
        int n = text.length();
        if (i >= n) {
            pos[0] = i;
            return "$";
        }
        if (text.charAt(i) == '{') {
            int close = text.indexOf('}', i + 1);
            if (close < 0) {
                throw new ChangeException("missing '}' in \"" + text + "\"");
            }
            String body = text.substring(i + 1, close);
            pos[0] = close + 1;
            return braced(body, env);
        }
        int start = i;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
            i++;
        }
        pos[0] = i;
        if (i == start) {
            return "$";
        }
        String value = env.apply(text.substring(start, i));
        return value == null ? "" : value;
    }

    private static String braced(String body, Function<String, String> env) {
        int op = 0;
        while (op < body.length() && (Character.isLetterOrDigit(body.charAt(op)) || body.charAt(op) == '_')) {
            op++;
        }
        String name = body.substring(0, op);
        if (name.isEmpty()) {
            throw new ChangeException("bad substitution: ${" + body + "}");
        }
        String value = env.apply(name);
        if (op == body.length()) {
            return value == null ? "" : value;
        }
        boolean colon = body.charAt(op) == ':';
        int modifierAt = colon ? op + 1 : op;
        if (modifierAt >= body.length()) {
            throw new ChangeException("bad substitution: ${" + body + "}");
        }
        char modifier = body.charAt(modifierAt);
        String word = word(body.substring(modifierAt + 1), env);
        boolean unset = value == null || (colon && value.isEmpty());
        return switch (modifier) {
            case '-' -> unset ? word : value;
            case '+' -> unset ? "" : word;
            case '?' -> {
                if (unset) {
                    throw new ChangeException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                yield value;
            }
            default -> throw new ChangeException("unsupported modifier (" + modifier + ") in substitution");
        };
    }
}
