package dev.berth.cli;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * The order the docker CLI lists names in ("natural" order): runs of ASCII digits compare as numbers, so {@code v9}
 * comes before {@code v10}; everything else compares bytewise in UTF-8. Where the numbers are equal, the one written
 * with fewer leading zeros comes first ({@code 2} before {@code 02}). Where one name has a digit and the other a
 * non-digit, the digit comes first ({@code ab1} before {@code abc1}); a name that is a prefix of the other comes first.
 */
final class NaturalOrder implements Comparator<String> {

    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    @Override
    public int compare(String s1, String s2) {
        byte[] a = s1.getBytes(StandardCharsets.UTF_8);
        byte[] b = s2.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            boolean da = digit(a[i]);
            boolean db = digit(b[j]);
            if (da != db) {
                return da ? -1 : 1;
            }
            if (!da) {
                int c = Integer.compare(a[i] & 0xff, b[j] & 0xff);
                if (c != 0) {
                    return c;
                }
                i++;
                j++;
                continue;
            }
            while (i < a.length && a[i] == '0') {
                i++;
            }
            while (j < b.length && b[j] == '0') {
                j++;
            }
            int startA = i;
            int startB = j;
            while (i < a.length && digit(a[i])) {
                i++;
            }
            while (j < b.length && digit(b[j])) {
                j++;
            }
            int lenA = i - startA;
            int lenB = j - startB;
            if (lenA != lenB) {
                return Integer.compare(lenA, lenB);
            }
            for (int k = 0; k < lenA; k++) {
                if (a[startA + k] != b[startB + k]) {
                    return Integer.compare(a[startA + k], b[startB + k]);
                }
            }
            // The same number: fewer leading zeros first (everything before it is equal, so the positions say it).
            if (startA != startB) {
                return Integer.compare(startA, startB);
            }
        }
        // Equal so far (at equal positions): the one that ended comes first.
        return Integer.compare(a.length, b.length);
    }
}
