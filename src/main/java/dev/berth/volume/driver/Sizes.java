package dev.berth.volume.driver;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.gotext.GoStrconv;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Docker's {@code units.RAMInBytes} as go-units v0.5.0 (vendored by moby 28) parses it: the number is everything up
 * to the last digit, dot or space (one separating space dropped) read by Go's {@code strconv.ParseFloat}, then an
 * optional case-insensitive suffix {@code b}, {@code k}/{@code m}/{@code g}/{@code t}/{@code p} with an optional
 * {@code b} or {@code ib}, in binary multiples. Error texts are go-units' and strconv's.
 */
final class Sizes {

    private static final String NUMBER_CHARS = "01234567890. ";

    private Sizes() {
    }

    static long ramInBytes(String sizeStr) {
        int sep = -1;
        for (int i = sizeStr.length() - 1; i >= 0; i--) {
            if (NUMBER_CHARS.indexOf(sizeStr.charAt(i)) >= 0) {
                sep = i;
                break;
            }
        }
        if (sep == -1) {
            throw new InvalidArgumentException("invalid size: '" + sizeStr + "'");
        }
        String num = sizeStr.charAt(sep) == ' ' ? sizeStr.substring(0, sep) : sizeStr.substring(0, sep + 1);
        String sfx = sizeStr.substring(sep + 1);
        double size;
        try {
            size = GoStrconv.parseFloat(num);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
        if (size < 0) {
            throw new InvalidArgumentException("invalid size: '" + sizeStr + "'");
        }
        if (sfx.isEmpty()) {
            return GoStrconv.toInt64(size);
        }
        // Go measures the suffix in bytes, before lower-casing it.
        if (sfx.getBytes(StandardCharsets.UTF_8).length > 3) {
            throw invalidSuffix(sfx);
        }
        sfx = sfx.toLowerCase(Locale.ROOT);
        if (sfx.charAt(0) == 'b') {
            if (sfx.length() > 1) {
                throw invalidSuffix(sfx);
            }
            return GoStrconv.toInt64(size);
        }
        long multiplier = switch (sfx.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            case 'p' -> 1L << 50;
            default -> throw invalidSuffix(sfx);
        };
        if ((sfx.length() == 2 && sfx.charAt(1) != 'b') || (sfx.length() == 3 && !sfx.substring(1).equals("ib"))) {
            throw invalidSuffix(sfx);
        }
        return GoStrconv.toInt64(size * multiplier);
    }

    private static InvalidArgumentException invalidSuffix(String sfx) {
        return new InvalidArgumentException("invalid suffix: '" + sfx + "'");
    }
}
