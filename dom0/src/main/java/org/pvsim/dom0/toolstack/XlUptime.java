package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;

/**
 * {@code xl uptime [-s] [DOMAIN ...]} ({@code main_uptime}, {@code print_uptime} in {@code tools/xl/xl_info.c}): how
 * long each domain has been up, {@code now - start_time} in whole seconds. The clock is pvsim's virtual clock: "now"
 * is dom0's time since the host booted, dom0's uptime is that ({@code /proc/uptime} in xl), a domU's start time is
 * {@code /vm/UUID/start_time}, which libxl writes at creation ({@code libxl_vm_get_start_time} finds it through
 * {@code /local/domain/N/vm}); a domain without one is skipped after libxl's {@code Can't get start time of domain}.
 *
 * <p>Formats: a {@code "%-33s %4s %s"} header ({@code Name ID Uptime}) and {@code "%-33s %4d %s"} rows with {@code
 * [D day(s), ]HH:MM:SS} (hours padded with a blank); {@code -s}: no header, rows {@code " HH:MM:SS up [D day(s),
 * ]HH:MM, NAME (ID)"}, the first time being the time of day of "now" (UTC, the virtual clock starting at 00:00:00).
 *
 * @param shortMode {@code -s}
 * @param domains the domains named, in order (none: dom0, then every other domain in id order)
 */
public record XlUptime(boolean shortMode, List<String> domains) implements XlCommand, XlRunnable {
    private static final Pattern STRTOUL = Pattern.compile("^\\s*\\+?(\\d+)");

    /** Copies the list. */
    public XlUptime {
        domains = List.copyOf(domains);
    }

    @Override
    public String name() {
        return "uptime";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        if (shortMode) {
            a.add("-s");
        }
        a.addAll(domains);
        return List.copyOf(a);
    }

    @Override
    public int run(Libxl libxl) {
        List<Integer> ids = new ArrayList<>();
        for (String d : domains) {
            int domid = libxl.findDomain(d);
            if (domid < 0) {
                return 1;
            }
            ids.add(domid);
        }
        long now = libxl.cpu().rdtsc() / 1_000_000_000L;
        if (!shortMode) {
            libxl.con.printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
        }
        if (ids.isEmpty()) {
            printUptime(libxl, 0, now, now);
            List<LibxlDominfo> all = LibxlDominfo.list(libxl);
            if (all == null) {
                libxl.con.eprintf("Could not list vms.\n");
                return 0;
            }
            for (LibxlDominfo d : all) {
                if (d.domid() != 0) {
                    printDomU(libxl, d.domid(), now);
                }
            }
            return 0;
        }
        for (int domid : ids) {
            if (domid == 0) {
                printUptime(libxl, 0, now, now);
            } else {
                printDomU(libxl, domid, now);
            }
        }
        return 0;
    }

    private void printDomU(Libxl libxl, int domid, long now) {
        long start = startTime(libxl, domid);
        if (start < 0) {
            return;
        }
        printUptime(libxl, domid, (now - start) & 0xFFFF_FFFFL, now);
    }

    private void printUptime(Libxl libxl, int domid, long uptime, long now) {
        String name = libxl.domidToName(domid);
        if (shortMode) {
            libxl.con.printf(" %s up %s, %s (%d)\n", timeOfDay(now), uptimeToString(uptime, true), name, domid);
        } else {
            libxl.con.printf("%-33s %4d %s\n", name, domid, uptimeToString(uptime, false));
        }
    }

    /**
     * {@code libxl_vm_get_start_time}: {@code strtoul} of {@code <vm>/start_time}, where {@code vm} is read from
     * {@code /local/domain/N/vm}; -1 (after libxl's log line) when either is missing.
     */
    static long startTime(Libxl libxl, int domid) {
        XsSocket xs = LibxlLife.xs(libxl);
        String vm;
        try {
            vm = xs.read(XsSocket.XBT_NULL, xs.getDomainPath(domid) + "/vm");
        } catch (XsException e) {
            vm = "(null)"; // libxl formats the missing path with %s
        }
        try {
            String text = xs.read(XsSocket.XBT_NULL, vm + "/start_time");
            Matcher m = STRTOUL.matcher(text);
            if (!m.find()) {
                return 0;
            }
            String digits = m.group(1);
            return digits.length() > 10 ? 0xFFFF_FFFFL : Math.min(Long.parseLong(digits), 0xFFFF_FFFFL);
        } catch (XsException e) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_domain.c:2224:libxl_vm_get_start_time",
                    domid,
                    0,
                    "Can't get start time of domain");
            return -1;
        }
    }

    /** {@code uptime_to_string}. */
    static String uptimeToString(long uptime, boolean shortMode) {
        long day = uptime / 86400;
        uptime -= day * 86400;
        long hour = uptime / 3600;
        uptime -= hour * 3600;
        long min = uptime / 60;
        long sec = uptime - min * 60;
        String days = day > 1 ? day + " days, " : day == 1 ? "1 day, " : "";
        return shortMode
                ? days + String.format(Locale.ROOT, "%2d:%02d", hour, min)
                : days + String.format(Locale.ROOT, "%2d:%02d:%02d", hour, min, sec);
    }

    /** {@code current_time_to_string}: {@code strftime("%H:%M:%S")} of the virtual clock (UTC, from 0). */
    static String timeOfDay(long seconds) {
        long s = Math.floorMod(seconds, 86400L);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
