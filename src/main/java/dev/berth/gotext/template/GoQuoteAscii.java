package dev.berth.gotext.template;

import dev.berth.gotext.GoQuote;

/** Go's {@code strconv.QuoteToASCII} ({@code %+q}): non-ASCII runes as backslash-u or backslash-U escapes. */
final class GoQuoteAscii {

    private GoQuoteAscii() {
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(r -> {
            if (r < 0x80) {
                String q = GoQuote.quote(new String(Character.toChars(r)));
                b.append(q, 1, q.length() - 1);
            } else if (r < 0x10000) {
                b.append(String.format("\\u%04x", r));
            } else {
                b.append(String.format("\\U%08x", r));
            }
        });
        return b.append('"').toString();
    }
}
