package dev.berth.gotext.template;

import dev.berth.gotext.GoQuote;

import java.util.Map;

/**
 * The scanner of Go's text/template: text, and inside {@code {{ }}} actions the tokens of the pipeline language,
 * with the trim markers {@code {{- } and {@code -}}} and comments. Tokens are produced on demand; an error token
 * ends the input. Positions are char indexes into the template text; lines count from 1. Not thread-safe.
 */
final class Lexer {

    enum T {
        ERROR, BOOL, CHAR, CHAR_CONSTANT, COMMENT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM,
        LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
        // keywords follow KEYWORD
        KEYWORD, BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

        boolean isKeyword() {
            return ordinal() > KEYWORD.ordinal();
        }
    }

    /** A token: its type, start position, text and the line it starts on. */
    record Item(T type, int pos, String val, int line) {
        @Override
        public String toString() {
            if (type == T.EOF) {
                return "EOF";
            }
            if (type == T.ERROR) {
                return val;
            }
            if (type.isKeyword()) {
                return "<" + val + ">";
            }
            if (val.codePointCount(0, val.length()) > 10) {
                // Go's %.10q: the first ten runes, quoted.
                return GoQuote.quote(val.substring(0, val.offsetByCodePoints(0, 10))) + "...";
            }
            return GoQuote.quote(val);
        }
    }

    private static final Map<String, T> KEYWORDS = Map.ofEntries(Map.entry(".", T.DOT), Map.entry("block", T.BLOCK),
            Map.entry("break", T.BREAK), Map.entry("continue", T.CONTINUE), Map.entry("define", T.DEFINE),
            Map.entry("else", T.ELSE), Map.entry("end", T.END), Map.entry("if", T.IF), Map.entry("range", T.RANGE),
            Map.entry("nil", T.NIL), Map.entry("template", T.TEMPLATE), Map.entry("with", T.WITH));

    private static final String LEFT = "{{";
    private static final String RIGHT = "}}";
    private static final int EOF_RUNE = -1;

    private String input;
    private int pos;
    private int start;
    private boolean atEof;
    private int parenDepth;
    private int line = 1;
    private int startLine = 1;
    private boolean insideAction;
    private Item item;
    boolean breakOk = true;
    boolean continueOk = true;

    private interface State {
        State run();
    }

    Lexer(String input) {
        this.input = input;
    }

    Item nextItem() {
        item = new Item(T.EOF, pos, "EOF", startLine);
        State state = insideAction ? this::lexInsideAction : this::lexText;
        while (state != null) {
            state = state.run();
        }
        return item;
    }

    private int next() {
        if (pos >= input.length()) {
            atEof = true;
            return EOF_RUNE;
        }
        int r = input.codePointAt(pos);
        pos += Character.charCount(r);
        if (r == '\n') {
            line++;
        }
        return r;
    }

    private int peek() {
        int r = next();
        backup();
        return r;
    }

    private void backup() {
        if (!atEof && pos > 0) {
            int r = input.codePointBefore(pos);
            pos -= Character.charCount(r);
            if (r == '\n') {
                line--;
            }
        }
    }

    private Item thisItem(T t) {
        Item i = new Item(t, start, input.substring(start, pos), startLine);
        start = pos;
        startLine = line;
        return i;
    }

    private State emit(T t) {
        return emitItem(thisItem(t));
    }

    private State emitItem(Item i) {
        item = i;
        return null;
    }

    private void ignore() {
        line += count(input.substring(start, pos));
        start = pos;
        startLine = line;
    }

    private static int count(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private boolean accept(String valid) {
        int r = next();
        if (r != EOF_RUNE && valid.indexOf(r) >= 0) {
            return true;
        }
        backup();
        return false;
    }

    private void acceptRun(String valid) {
        int r;
        do {
            r = next();
        } while (r != EOF_RUNE && valid.indexOf(r) >= 0);
        backup();
    }

    private State errorf(String message) {
        item = new Item(T.ERROR, start, message, startLine);
        start = 0;
        pos = 0;
        input = "";
        return null;
    }

    private State lexText() {
        int x = input.indexOf(LEFT, pos);
        if (x >= 0) {
            if (x > pos) {
                pos = x;
                int trim = 0;
                int delimEnd = pos + LEFT.length();
                if (hasLeftTrimMarker(input, delimEnd)) {
                    trim = rightTrimLength(input.substring(start, pos));
                }
                pos -= trim;
                line += count(input.substring(start, pos));
                Item i = thisItem(T.TEXT);
                pos += trim;
                ignore();
                if (!i.val().isEmpty()) {
                    return emitItem(i);
                }
            }
            return this::lexLeftDelim;
        }
        pos = input.length();
        if (pos > start) {
            line += count(input.substring(start, pos));
            return emit(T.TEXT);
        }
        return emit(T.EOF);
    }

    private static boolean isSpace(int r) {
        return r == ' ' || r == '\t' || r == '\r' || r == '\n';
    }

    private static boolean isAlphaNumeric(int r) {
        return r == '_' || Character.isLetter(r) || Character.isDigit(r);
    }

    private static boolean hasLeftTrimMarker(String s, int at) {
        return s.length() >= at + 2 && s.charAt(at) == '-' && isSpace(s.charAt(at + 1));
    }

    private static boolean hasRightTrimMarker(String s, int at) {
        return s.length() >= at + 2 && isSpace(s.charAt(at)) && s.charAt(at + 1) == '-';
    }

    private static int rightTrimLength(String s) {
        int i = s.length();
        while (i > 0 && isSpace(s.charAt(i - 1))) {
            i--;
        }
        return s.length() - i;
    }

    private static int leftTrimLength(String s, int from) {
        int i = from;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i - from;
    }

    /** Whether the input is at "}}", or at " -}}"; [1] tells the latter. */
    private boolean[] atRightDelim() {
        if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + 2)) {
            return new boolean[] {true, true};
        }
        return new boolean[] {input.startsWith(RIGHT, pos), false};
    }

    private State lexLeftDelim() {
        pos += LEFT.length();
        boolean trim = hasLeftTrimMarker(input, pos);
        int afterMarker = trim ? 2 : 0;
        if (input.startsWith("/*", pos + afterMarker)) {
            pos += afterMarker;
            ignore();
            return this::lexComment;
        }
        Item i = thisItem(T.LEFT_DELIM);
        insideAction = true;
        pos += afterMarker;
        ignore();
        parenDepth = 0;
        return emitItem(i);
    }

    private State lexComment() {
        pos += 2;
        int x = input.indexOf("*/", pos);
        if (x < 0) {
            return errorf("unclosed comment");
        }
        pos = x + 2;
        boolean[] d = atRightDelim();
        if (!d[0]) {
            return errorf("comment ends before closing delimiter");
        }
        line += count(input.substring(start, pos));
        thisItem(T.COMMENT);
        if (d[1]) {
            pos += 2;
        }
        pos += RIGHT.length();
        if (d[1]) {
            pos += leftTrimLength(input, pos);
        }
        ignore();
        return this::lexText;
    }

    private State lexRightDelim() {
        boolean trim = atRightDelim()[1];
        if (trim) {
            pos += 2;
            ignore();
        }
        pos += RIGHT.length();
        Item i = thisItem(T.RIGHT_DELIM);
        if (trim) {
            pos += leftTrimLength(input, pos);
            ignore();
        }
        insideAction = false;
        return emitItem(i);
    }

    private State lexInsideAction() {
        if (atRightDelim()[0]) {
            if (parenDepth == 0) {
                return this::lexRightDelim;
            }
            return errorf("unclosed left paren");
        }
        int r = next();
        if (r == EOF_RUNE) {
            return errorf("unclosed action");
        }
        if (isSpace(r)) {
            backup();
            return this::lexSpace;
        }
        switch (r) {
            case '=':
                return emit(T.ASSIGN);
            case ':':
                if (next() != '=') {
                    return errorf("expected :=");
                }
                return emit(T.DECLARE);
            case '|':
                return emit(T.PIPE);
            case '"':
                return () -> lexQuoted('"', T.STRING, "unterminated quoted string");
            case '`':
                return this::lexRawQuote;
            case '$':
                return this::lexVariable;
            case '\'':
                return () -> lexQuoted('\'', T.CHAR_CONSTANT, "unterminated character constant");
            case '(':
                parenDepth++;
                return emit(T.LEFT_PAREN);
            case ')':
                parenDepth--;
                if (parenDepth < 0) {
                    return errorf("unexpected right paren");
                }
                return emit(T.RIGHT_PAREN);
            default:
                break;
        }
        if (r == '.') {
            if (pos < input.length()) {
                char c = input.charAt(pos);
                if (c < '0' || c > '9') {
                    return () -> lexFieldOrVariable(T.FIELD);
                }
            }
            backup();
            return this::lexNumber;
        }
        if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
            backup();
            return this::lexNumber;
        }
        if (isAlphaNumeric(r)) {
            backup();
            return this::lexIdentifier;
        }
        if (r <= 0x7f && r >= 0x20 && r != 0x7f) {
            return emit(T.CHAR);
        }
        return errorf("unrecognized character in action: " + GoRunes.formatU(r));
    }

    private State lexSpace() {
        int spaces = 0;
        while (isSpace(peek())) {
            next();
            spaces++;
        }
        if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
            backup();
            if (spaces == 1) {
                return this::lexRightDelim;
            }
        }
        return emit(T.SPACE);
    }

    private State lexIdentifier() {
        while (true) {
            int r = next();
            if (isAlphaNumeric(r)) {
                continue;
            }
            backup();
            String word = input.substring(start, pos);
            if (!atTerminator()) {
                return errorf("bad character " + GoRunes.formatU(r));
            }
            T key = KEYWORDS.get(word);
            if (key != null && key.isKeyword()) {
                if (key == T.BREAK && !breakOk || key == T.CONTINUE && !continueOk) {
                    return emit(T.IDENTIFIER);
                }
                return emit(key);
            }
            if (word.charAt(0) == '.') {
                return emit(T.FIELD);
            }
            if (word.equals("true") || word.equals("false")) {
                return emit(T.BOOL);
            }
            return emit(T.IDENTIFIER);
        }
    }

    private State lexVariable() {
        if (atTerminator()) {
            return emit(T.VARIABLE);
        }
        return lexFieldOrVariable(T.VARIABLE);
    }

    private State lexFieldOrVariable(T type) {
        if (atTerminator()) {
            return emit(type == T.VARIABLE ? T.VARIABLE : T.DOT);
        }
        int r;
        while (true) {
            r = next();
            if (!isAlphaNumeric(r)) {
                backup();
                break;
            }
        }
        if (!atTerminator()) {
            return errorf("bad character " + GoRunes.formatU(r));
        }
        return emit(type);
    }

    private boolean atTerminator() {
        int r = peek();
        if (isSpace(r)) {
            return true;
        }
        switch (r) {
            case EOF_RUNE, '.', ',', '|', ':', ')', '(':
                return true;
            default:
                return input.startsWith(RIGHT, pos);
        }
    }

    private State lexNumber() {
        if (!scanNumber()) {
            return errorf("bad number syntax: " + GoQuote.quote(input.substring(start, pos)));
        }
        int sign = peek();
        if (sign == '+' || sign == '-') {
            if (!scanNumber() || input.charAt(pos - 1) != 'i') {
                return errorf("bad number syntax: " + GoQuote.quote(input.substring(start, pos)));
            }
            return emit(T.COMPLEX);
        }
        return emit(T.NUMBER);
    }

    private boolean scanNumber() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) {
                digits = "0123456789abcdefABCDEF_";
            } else if (accept("oO")) {
                digits = "01234567_";
            } else if (accept("bB")) {
                digits = "01_";
            }
        }
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (digits.length() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        if (digits.length() == 23 && accept("pP")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (isAlphaNumeric(peek())) {
            next();
            return false;
        }
        return true;
    }

    /**
     * The rest of a quoted literal after its opening quote: a string ({@code "}) or a character constant ({@code '}),
     * backslash escapes skipped, ended by {@code quote}; a newline or the end of input leaves it unterminated.
     */
    private State lexQuoted(char quote, T token, String unterminated) {
        while (true) {
            int r = next();
            if (r == '\\') {
                int n = next();
                if (n != EOF_RUNE && n != '\n') {
                    continue;
                }
                return errorf(unterminated);
            }
            if (r == EOF_RUNE || r == '\n') {
                return errorf(unterminated);
            }
            if (r == quote) {
                return emit(token);
            }
        }
    }

    private State lexRawQuote() {
        while (true) {
            int r = next();
            if (r == EOF_RUNE) {
                return errorf("unterminated raw quoted string");
            }
            if (r == '`') {
                return emit(T.RAW_STRING);
            }
        }
    }
}
