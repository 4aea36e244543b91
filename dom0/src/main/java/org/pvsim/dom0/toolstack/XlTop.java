package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pvsim.dom0.backend.BackendDevice;
import org.pvsim.dom0.backend.blkback.Blkback;
import org.pvsim.dom0.backend.blkback.VbdStats;
import org.pvsim.dom0.backend.netback.Netback;
import org.pvsim.dom0.backend.netback.VifStats;
import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.SysctlCmd;
import org.pvsim.hypervisor.abi.SysctlDescriptor;
import org.pvsim.hypervisor.abi.SysctlPhysinfoDescriptor;

/**
 * {@code xl top [-d DELAY] [-i ITERATIONS]}: xentop in batch mode ({@code xentop -b}, {@code tools/xentop/xentop.c}
 * over {@code libxenstat}). xl's {@code top} runs xentop; pvsim runs the batch form, which prints, at each iteration,
 * a header line and one line per domain in id order: {@code NAME STATE CPU(sec) CPU(%) MEM(k) MEM(%) MAXMEM(k)
 * MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS VBD_OO VBD_RD VBD_WR VBD_RSECT VBD_WSECT SSID}, with xentop's widths.
 *
 * <p>A sample is libxenstat's: {@code XEN_SYSCTL_physinfo} for the host's memory, {@code XEN_SYSCTL_getdomaininfolist}
 * for the domains, each domain's name from xenstore (a domain without one is left out, as libxenstat leaves out a
 * domain being destroyed). CPU(%) is the CPU time a domain used since the previous sample over the time between the
 * samples (in µs, as xentop measures with {@code gettimeofday}); the first iteration has no previous sample and
 * prints 0.0, as xentop does. Between iterations the command sleeps DELAY seconds of virtual time ({@link XlProcess}:
 * dom0 looks again every {@link Toolstack#XL_POLL_NS}), so the second sample is taken at the first poll at or after
 * DELAY.
 *
 * <p>VBDS and the VBD_* columns are the counters blkback keeps for the domain's disks, NETS, NETTX(k) and NETRX(k)
 * those netback keeps for its vifs (totals since each device connected, as xentop prints them).
 *
 * @param delayNs {@code -d}: the time between iterations, ns (xentop's default 3 s; see {@link #parseDelay})
 * @param iterations {@code -i}: how many tables to print (xentop's batch mode runs until stopped; pvsim's default is
 *     {@link #DEFAULT_ITERATIONS})
 */
public record XlTop(long delayNs, int iterations) implements XlCommand, XlSpawning {
    /** xentop's default delay: 3 s. */
    public static final long DEFAULT_DELAY_NS = 3_000_000_000L;
    /** pvsim's default number of iterations: one table, whose CPU(%) is 0.0 as xentop's first. */
    public static final int DEFAULT_ITERATIONS = 1;

    /** The shortest delay: one dom0 poll ({@link Toolstack#XL_POLL_NS}). */
    public static final long MIN_DELAY_NS = 1_000_000L;

    private static final Pattern SECONDS = Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,9}))?");

    /** The page size libxenstat multiplies page counts by ({@code sysconf(_SC_PAGESIZE)} in dom0). */
    private static final long PAGE_SIZE = 4096;

    /** xentop's columns: header and width. */
    private static final String[] HEADERS = {
        "NAME",
        "STATE",
        "CPU(sec)",
        "CPU(%)",
        "MEM(k)",
        "MEM(%)",
        "MAXMEM(k)",
        "MAXMEM(%)",
        "VCPUS",
        "NETS",
        "NETTX(k)",
        "NETRX(k)",
        "VBDS",
        "VBD_OO",
        "VBD_RD",
        "VBD_WR",
        "VBD_RSECT",
        "VBD_WSECT",
        "SSID"
    };

    private static final int[] WIDTHS = {10, 6, 10, 6, 10, 6, 10, 9, 5, 4, 8, 8, 4, 8, 8, 8, 10, 10, 4};

    /** pvsim's checks: the loop must end, and CPU(%) needs time between samples. */
    public XlTop {
        if (delayNs < MIN_DELAY_NS) {
            throw new IllegalArgumentException("xl top: the delay must be at least 1 ms, not " + delayNs + " ns");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("xl top: the iterations must be at least 1, not " + iterations);
        }
    }

    /** {@code xl top} with the defaults. */
    public static XlTop defaults() {
        return new XlTop(DEFAULT_DELAY_NS, DEFAULT_ITERATIONS);
    }

    /**
     * {@code -d}: seconds, as xentop takes them, or (pvsim's extension) a decimal number of seconds with up to nine
     * decimals ({@code 0.5}), because {@code pvsim xl} and {@code pvsim shell} give a command one virtual second.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static long parseDelay(String text) {
        Matcher m = SECONDS.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "xl top: the delay is a number of seconds (3, or 0.5), not '" + text + "'");
        }
        String frac = m.group(2) == null ? "" : m.group(2);
        return Long.parseLong(m.group(1)) * 1_000_000_000L
                + (frac.isEmpty() ? 0 : Long.parseLong((frac + "000000000").substring(0, 9)));
    }

    /** The delay as {@code -d} takes it: whole seconds, or seconds with the decimals needed. */
    static String delayText(long ns) {
        return java.math.BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString();
    }

    @Override
    public String name() {
        return "top";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        if (delayNs != DEFAULT_DELAY_NS) {
            a.add("-d");
            a.add(delayText(delayNs));
        }
        if (iterations != DEFAULT_ITERATIONS) {
            a.add("-i");
            a.add(Integer.toString(iterations));
        }
        return List.copyOf(a);
    }

    @Override
    public XlProcess spawn() {
        return new Process(delayNs, iterations);
    }

    /** One domain in a sample: what libxenstat keeps of it. */
    /** One domain in a sample: its info, and its virtual disks' number and summed counters. */
    record Domain(String name, LibxlDominfo info, int vbds, VbdStats vbd, int nets, VifStats net) {
        /** A domain without devices. */
        Domain(String name, LibxlDominfo info) {
            this(name, info, 0, VbdStats.NONE, 0, VifStats.NONE);
        }
    }

    /** One libxenstat node: the time it was taken, the host's memory in bytes, and the domains. */
    record Sample(long timeNs, long totalMemBytes, List<Domain> domains) {
        /** The domain with this id in this sample, or {@code null}. */
        Domain domain(int domid) {
            for (Domain d : domains) {
                if (d.info().domid() == domid) {
                    return d;
                }
            }
            return null;
        }
    }

    /** The command in progress: samples every delay until it has printed its iterations. */
    private static final class Process implements XlProcess {
        private final long delayNs;
        private int remaining;
        private Sample previous;
        private long nextNs = Long.MIN_VALUE;

        Process(long delayNs, int iterations) {
            this.delayNs = delayNs;
            this.remaining = iterations;
        }

        @Override
        public int step(Libxl libxl) {
            long now = libxl.cpu().rdtsc();
            if (now < nextNs) {
                return IN_PROGRESS;
            }
            Sample current = sample(libxl, now);
            if (current == null) {
                libxl.con.eprintf("Failed to retrieve statistics from libxenstat\n");
                return 1;
            }
            libxl.con.printf("%s", table(previous, current));
            previous = current;
            if (--remaining == 0) {
                return 0;
            }
            nextNs = now + delayNs;
            return IN_PROGRESS;
        }
    }

    /** {@code xenstat_get_node}: the sample, or {@code null} if a hypercall failed. */
    static Sample sample(Libxl libxl, long now) {
        byte[] op = new byte[SysctlDescriptor.SIZE];
        LittleEndian.putI32(op, SysctlDescriptor.CMD_OFFSET, SysctlCmd.XEN_SYSCTL_physinfo.code);
        LittleEndian.putI32(
                op, SysctlDescriptor.INTERFACE_VERSION_OFFSET, SysctlDescriptor.XEN_SYSCTL_INTERFACE_VERSION);
        if (libxl.hc.sysctl(op) < 0) {
            return null;
        }
        long totalPages = LittleEndian.getI64(
                op, SysctlDescriptor.U_PHYSINFO_OFFSET + SysctlPhysinfoDescriptor.TOTAL_PAGES_OFFSET);
        List<LibxlDominfo> list = LibxlDominfo.list(libxl);
        if (list == null) {
            return null;
        }
        List<Domain> domains = new ArrayList<>();
        for (LibxlDominfo d : list) {
            String name = libxl.domidToName(d.domid());
            if (name != null) {
                domains.add(new Domain(
                        name,
                        d,
                        devices(libxl, "vbd", d.domid()),
                        vbdStats(libxl, d.domid()),
                        devices(libxl, "vif", d.domid()),
                        vifStats(libxl, d.domid())));
            }
        }
        return new Sample(now, totalPages * PAGE_SIZE, List.copyOf(domains));
    }

    /** The devices of {@code type} the backends serve for {@code domid} (xentop counts libxl's devices). */
    private static int devices(Libxl libxl, String type, int domid) {
        if (libxl.backends == null) {
            return 0;
        }
        int n = 0;
        for (BackendDevice dev : libxl.backends.devices(type)) {
            n += dev.frontendId() == domid ? 1 : 0;
        }
        return n;
    }

    /** The sum of {@code domid}'s vifs' counters. */
    private static VifStats vifStats(Libxl libxl, int domid) {
        VifStats sum = VifStats.NONE;
        if (libxl.backends != null && libxl.backends.driver("vif") instanceof Netback netback) {
            for (BackendDevice dev : libxl.backends.devices("vif")) {
                if (dev.frontendId() == domid) {
                    sum = sum.plus(netback.stats(domid, dev.devid()));
                }
            }
        }
        return sum;
    }

    /** The sum of {@code domid}'s disks' counters, as xentop adds up each VBD's. */
    private static VbdStats vbdStats(Libxl libxl, int domid) {
        VbdStats sum = VbdStats.NONE;
        if (libxl.backends != null && libxl.backends.driver("vbd") instanceof Blkback blkback) {
            for (BackendDevice dev : libxl.backends.devices("vbd")) {
                if (dev.frontendId() == domid) {
                    sum = sum.plus(blkback.stats(domid, dev.devid()));
                }
            }
        }
        return sum;
    }

    /** One iteration's output: the header and a line per domain ({@code do_header}, {@code do_domain}). */
    static String table(Sample previous, Sample current) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < HEADERS.length; i++) {
            sb.append(i == 0 ? "" : " ").append(pad(HEADERS[i], WIDTHS[i]));
        }
        sb.append('\n');
        for (Domain d : current.domains()) {
            sb.append(row(previous, current, d)).append('\n');
        }
        return sb.toString();
    }

    private static String row(Sample previous, Sample current, Domain d) {
        LibxlDominfo info = d.info();
        long curMem = info.currentMemkb() * 1024;
        boolean noLimit = info.maxMemkb() == 0xFFFF_FFFFL * 4;
        long maxMem = info.maxMemkb() * 1024;
        double total = current.totalMemBytes();
        List<String> cols = new ArrayList<>();
        String name = d.name().length() > 10 ? d.name().substring(0, 10) : d.name();
        cols.add(pad(name, 10));
        cols.add(state(info));
        cols.add(pad(Long.toUnsignedString(info.cpuTimeNs() / 1_000_000_000L), 10));
        cols.add(XlConsole.format("%6.1f", cpuPct(previous, current, info)));
        cols.add(pad(Long.toString(curMem / 1024), 10));
        cols.add(XlConsole.format("%6.1f", curMem / total * 100));
        cols.add(noLimit ? pad("no limit", 10) : pad(Long.toString(maxMem / 1024), 10));
        cols.add(noLimit ? pad("n/a", 9) : XlConsole.format("%9.1f", maxMem / total * 100));
        cols.add(pad(Integer.toString(info.vcpuMaxId() + 1), 5));
        VifStats n = d.net();
        cols.add(pad(Integer.toString(d.nets()), 4)); // NETS
        cols.add(pad(Long.toString(n.txBytes() / 1024), 8)); // NETTX(k): what the domain sent
        cols.add(pad(Long.toString(n.rxBytes() / 1024), 8)); // NETRX(k)
        VbdStats v = d.vbd();
        cols.add(pad(Integer.toString(d.vbds()), 4)); // VBDS
        cols.add(pad(Long.toString(v.oo()), 8)); // VBD_OO
        cols.add(pad(Long.toString(v.rdReqs()), 8)); // VBD_RD
        cols.add(pad(Long.toString(v.wrReqs()), 8)); // VBD_WR
        cols.add(pad(Long.toString(v.rdSect()), 10)); // VBD_RSECT
        cols.add(pad(Long.toString(v.wrSect()), 10)); // VBD_WSECT
        cols.add(pad(Integer.toUnsignedString(info.ssidref()), 4));
        return String.join(" ", cols);
    }

    /** {@code print_state}: d, s, b, c, p, r or a dash each ({@code xenstat_domain_*}). */
    static String state(LibxlDominfo info) {
        boolean crashed =
                info.shutdown() && DomInfoFlags.shutdownCode(info.flags()) == ShutdownReason.SHUTDOWN_crash.code;
        return new StringBuilder()
                .append(info.dying() ? 'd' : '-')
                .append(info.shutdown() && !crashed ? 's' : '-')
                .append(info.blocked() ? 'b' : '-')
                .append(crashed ? 'c' : '-')
                .append(info.paused() ? 'p' : '-')
                .append(info.running() ? 'r' : '-')
                .toString();
    }

    /** {@code get_cpu_pct}: 0.0 without a previous sample of the domain. */
    static double cpuPct(Sample previous, Sample current, LibxlDominfo info) {
        if (previous == null) {
            return 0.0;
        }
        Domain old = previous.domain(info.domid());
        if (old == null) {
            return 0.0;
        }
        double usElapsed = current.timeNs() / 1000 - previous.timeNs() / 1000;
        return ((info.cpuTimeNs() - old.info().cpuTimeNs()) / 10.0) / usElapsed;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
