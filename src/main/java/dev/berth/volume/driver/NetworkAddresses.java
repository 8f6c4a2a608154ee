package dev.berth.volume.driver;

import dev.berth.errors.InternalException;
import dev.berth.gotext.GoUrl;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What Docker's local driver does to an nfs or cifs volume's device and options before mount(2) (§5): a host name
 * in {@code addr=} becomes an IP address, and for cifs without a host name in {@code addr=}, so does the host of the
 * device URL ({@code //server/share}), since the kernel takes addresses only. Stateless and thread-safe.
 */
final class NetworkAddresses {

    /** Turns a host name into the address to mount from; Go's {@code net.ResolveIPAddr("ip", host)}. */
    @FunctionalInterface
    interface Resolver {
        InetAddress resolve(String host) throws UnknownHostException;

        /** The system's resolver, preferring an IPv4 address as Go does for network "ip". */
        Resolver SYSTEM = host -> {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
            return all[0];
        };
    }

    /** The device and options handed to the mount. */
    record Resolved(String device, String options) {
    }

    private static final Pattern IPV4 =
            Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
                    + "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private NetworkAddresses() {
    }

    /**
     * Docker's resolution for {@code type} nfs and cifs; other types pass through unchanged.
     *
     * @param deviceToo whether a cifs device's host may be rewritten too (not when mount.cifs, which resolves the
     *                  name itself and wants it, does the mount)
     * @throws InternalException {@code error resolving passed in network volume address: lookup <host>: no such
     *                           host} (Docker's local driver reports it as a system error)
     */
    static Resolved resolve(String type, String device, String options, Resolver resolver, boolean deviceToo) {
        if (!type.equals("nfs") && !type.equals("cifs")) {
            return new Resolved(device, options);
        }
        String addr = address(options);
        if (!addr.isEmpty() && !isIpv4(addr)) {
            String ip = lookup(addr, resolver);
            return new Resolved(device, options.replaceFirst(Pattern.quote("addr=" + addr),
                    java.util.regex.Matcher.quoteReplacement("addr=" + ip)));
        }
        if (!type.equals("cifs") || !deviceToo) {
            return new Resolved(device, options);
        }
        GoUrl url;
        try {
            url = GoUrl.parse(device);
        } catch (GoUrl.ParseException e) {
            throw new InternalException("error parsing mount device url: " + e.getMessage());
        }
        if (url.host().isEmpty() || isIpLiteral(url.host())) {
            return new Resolved(device, options);
        }
        return new Resolved(withHost(device, lookup(url.host(), resolver)), options);
    }

    /** The value of the first {@code addr=} option, or "" (Docker's getAddress). */
    static String address(String options) {
        for (String o : options.split(",", -1)) {
            if (o.startsWith("addr=")) {
                return o.substring("addr=".length());
            }
        }
        return "";
    }

    private static String lookup(String host, Resolver resolver) {
        try {
            return goString(resolver.resolve(host));
        } catch (UnknownHostException e) {
            throw new InternalException("error resolving passed in network volume address: lookup " + host
                    + ": no such host");
        }
    }

    /** Go's {@code net.ParseIP(s).To4() != nil}: dotted IPv4 without leading zeros, or IPv4-mapped IPv6. */
    static boolean isIpv4(String s) {
        if (IPV4.matcher(s).matches()) {
            return true;
        }
        return s.indexOf(':') >= 0 && literal(s) instanceof Inet4Address;
    }

    /** Go's {@code net.ParseIP(s) != nil}. */
    private static boolean isIpLiteral(String s) {
        return IPV4.matcher(s).matches() || (s.indexOf(':') >= 0 && s.indexOf('%') < 0 && literal(s) != null);
    }

    private static InetAddress literal(String s) {
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The device with its URL host replaced; user info, share and options stay as written. */
    private static String withHost(String device, String ip) {
        int start = device.indexOf("//") + 2;
        int end = start;
        while (end < device.length() && "/?#".indexOf(device.charAt(end)) < 0) {
            end++;
        }
        int at = device.lastIndexOf('@', end - 1);
        int hostStart = at >= start ? at + 1 : start;
        return device.substring(0, hostStart) + ip + device.substring(end);
    }

    /** An address as Go prints it: IPv6 in its shortest form (RFC 5952), with its zone if any. */
    static String goString(InetAddress a) {
        if (!(a instanceof Inet6Address v6)) {
            return a.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        String text = v6.getHostAddress();
        int zone = text.indexOf('%');
        return zone < 0 ? sb.toString() : sb + text.substring(zone);
    }
}
