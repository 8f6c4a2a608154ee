package dev.berth.cli;

/** Docker's {@code units.HumanSize}: decimal units with 3 significant digits ({@code 1.5kB}, {@code 0B}). */
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
        String s = new java.math.BigDecimal(size).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return s + UNITS[i];
    }
}
