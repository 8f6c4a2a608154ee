package dev.berth.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** EXPOSE port specs ({@code 80}, {@code 80/udp}, {@code 8000-8010/tcp}) to {@code "80/tcp"} keys, as Docker's nat. */
final class Ports {

    private Ports() {
    }

    static List<String> parse(String raw) {
        String spec = raw;
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            spec = spec.substring(colon + 1);
        }
        String proto = "tcp";
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1);
            spec = spec.substring(0, slash);
        }
        if (spec.isEmpty()) {
            throw new ChangeException("no port specified: " + raw + "<empty>");
        }
        int[] range = range(spec);
        String lower = proto.toLowerCase(Locale.ROOT);
        if (!lower.equals("tcp") && !lower.equals("udp") && !lower.equals("sctp")) {
            throw new ChangeException("invalid proto: " + proto);
        }
        List<String> out = new ArrayList<>();
        for (int p = range[0]; p <= range[1]; p++) {
            out.add(p + "/" + lower);
        }
        return out;
    }

    private static int[] range(String spec) {
        try {
            int dash = spec.indexOf('-');
            if (dash < 0) {
                int p = port(spec);
                return new int[] {p, p};
            }
            int start = port(spec.substring(0, dash));
            int end = port(spec.substring(dash + 1));
            if (end < start) {
                throw new NumberFormatException();
            }
            return new int[] {start, end};
        } catch (NumberFormatException e) {
            throw new ChangeException("invalid containerPort: " + spec);
        }
    }

    private static int port(String s) {
        int p = Integer.parseInt(s);
        if (p < 0 || p > 65535) {
            throw new NumberFormatException();
        }
        return p;
    }
}
