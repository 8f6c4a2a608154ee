package dev.berth.gotext;

/**
 * A {@code strconv.NumError} as Go prints it, e.g. {@code strconv.ParseFloat: parsing "x": invalid syntax}.
 * Immutable and thread-safe.
 */
public final class GoNumberFormatException extends IllegalArgumentException {

    GoNumberFormatException(String function, String input, String reason) {
        super("strconv." + function + ": parsing " + GoQuote.quote(input) + ": " + reason);
    }
}
