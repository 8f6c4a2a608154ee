package dev.berth.volume.driver;

import dev.berth.errors.InvalidArgumentException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's {@code units.RAMInBytes}: "512", "10m", "1.5GiB", binary multiples. */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private Sizes() {
    }

    static long ramInBytes(String value) {
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw new InvalidArgumentException("invalid size: '" + value + "'");
        }
        double number;
        try {
            number = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid size: '" + value + "'");
        }
        long multiplier = 1;
        if (m.group(2) != null) {
            multiplier = switch (Character.toLowerCase(m.group(2).charAt(0))) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                case 'p' -> 1L << 50;
                default -> throw new IllegalStateException();
            };
        }
        return (long) (number * multiplier);
    }
}
