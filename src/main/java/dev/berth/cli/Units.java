package dev.berth.cli;

import dev.berth.gotext.GoFloat;

/**
 * Docker's {@code units.HumanSize} (go-units): decimal units and Go's {@code %.4g}, so {@code 1.5kB}, {@code 0B},
 * and past yottabytes an exponent ({@code 1e+04YB}).
 */
final class Units {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private Units() {
    }

    static String humanSize(double size) {
        int i = 0;
        while (size >= 1000 && i < UNITS.length - 1) {
            size /= 1000;
            i++;
        }
        return GoFloat.formatG(size, 4) + UNITS[i];
    }
}
