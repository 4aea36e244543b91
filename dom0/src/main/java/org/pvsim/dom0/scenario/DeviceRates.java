package org.pvsim.dom0.scenario;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rates a scenario gives the machine's devices: a network line rate in bits per second ({@code 10Gb/s}, {@code
 * 100Mb/s}) and a disk bandwidth in bytes per second ({@code 2GB/s}, {@code 150MB/s}), with decimal prefixes as NIC
 * and disk makers use them. {@code format} and {@code parse} are inverses.
 */
public final class DeviceRates {
    private static final Pattern LINE = Pattern.compile("(\\d+)\\s*(Mb/s|Gb/s)");
    private static final Pattern BANDWIDTH = Pattern.compile("(\\d+)\\s*(MB/s|GB/s)");

    private DeviceRates() {}

    /**
     * A line rate in Mb/s.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static long parseLineMbps(String text) {
        Matcher m = LINE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a line rate (use Mb/s or Gb/s, e.g. 10Gb/s)");
        }
        long n = Long.parseLong(m.group(1)) * (m.group(2).equals("Gb/s") ? 1000 : 1);
        if (n <= 0 || n > 1_000_000) {
            throw new IllegalArgumentException("\"" + text + "\" must be more than 0 and at most 1000Gb/s");
        }
        return n;
    }

    /** {@code mbps} as {@code 10Gb/s} or {@code 100Mb/s}. */
    public static String formatLine(long mbps) {
        return mbps % 1000 == 0 ? mbps / 1000 + "Gb/s" : mbps + "Mb/s";
    }

    /**
     * A bandwidth in bytes per second.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    public static long parseBandwidth(String text) {
        Matcher m = BANDWIDTH.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a bandwidth (use MB/s or GB/s, e.g. 2GB/s)");
        }
        long n = Long.parseLong(m.group(1));
        if (n <= 0 || n > 1_000_000) {
            throw new IllegalArgumentException("\"" + text + "\" must be more than 0 and at most 1000GB/s");
        }
        return n * (m.group(2).equals("GB/s") ? 1_000_000_000L : 1_000_000L);
    }

    /** {@code bytesPerSecond} as {@code 2GB/s} or {@code 150MB/s} (a whole number of MB/s). */
    public static String formatBandwidth(long bytesPerSecond) {
        return bytesPerSecond % 1_000_000_000L == 0
                ? bytesPerSecond / 1_000_000_000L + "GB/s"
                : bytesPerSecond / 1_000_000L + "MB/s";
    }
}
