package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;

/**
 * {@code xl vcpu-set [-i] DOMAIN N} ({@code main_vcpuset}, {@code vcpuset} in {@code tools/xl/xl_vcpu.c}; {@code
 * libxl_set_vcpuonline} in {@code tools/libs/light/libxl_domain.c}): how many of the domain's vCPUs are online. For a
 * PV domain libxl writes, in one xenstore transaction, {@code cpu/K/availability} = {@code online} for each {@code K <
 * N} and {@code offline} for the others up to the domain's highest vCPU id; the guest kernel, watching those nodes,
 * brings vCPUs up ({@code VCPUOP_up}) or takes them down, and {@code xl vcpu-list} follows.
 *
 * <p>xl's checks, in its order: the domain ({@code find_domain}); {@code N} as {@code strtoul} reads it (leading
 * blanks and a sign allowed, trailing text ignored; no digits or more than {@code INT_MAX}: {@code Error: Invalid
 * argument.}); without {@code -i}, more vCPUs than the host has pCPUs (when that is also more than are online now) is
 * refused ({@code You are overcommmitting! ...}, xl's spelling); then libxl's: the domain must exist, {@code N} must be
 * at least 1 and at most the domain's maximum.
 *
 * @param ignoreHost {@code -i}/{@code --ignore-host}: skip the check against the host's pCPUs
 * @param domain the domain, by name or id
 * @param vcpus N as typed
 */
public record XlVcpuSet(boolean ignoreHost, String domain, String vcpus) implements XlCommand, XlRunnable {
    private static final Pattern STRTOUL = Pattern.compile("^[ \\t\\n\\x0B\\f\\r]*([+-]?)(\\d+)");
    private static final int TRANSACTION_TRIES = 16;

    /** Checks the arguments are there. */
    public XlVcpuSet {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(vcpus, "vcpus");
    }

    @Override
    public String name() {
        return "vcpu-set";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        if (ignoreHost) {
            a.add("-i");
        }
        a.add(domain);
        a.add(vcpus);
        return List.copyOf(a);
    }

    /**
     * {@code strtoul(text, &end, 10)} as xl checks it: the number, or -1 when there are no digits or the value is above
     * {@code INT_MAX} (a negative number wraps to a huge unsigned one, so it is refused too, except {@code -0}).
     */
    static long parseCount(String text) {
        Matcher m = STRTOUL.matcher(text);
        if (!m.find()) {
            return -1;
        }
        String digits = m.group(2).replaceFirst("^0+(?=.)", "");
        if (digits.length() > 10) {
            return -1;
        }
        long v = Long.parseLong(digits);
        if (m.group(1).equals("-") && v != 0) {
            return -1;
        }
        return v > Integer.MAX_VALUE ? -1 : v;
    }

    @Override
    public int run(Libxl libxl) {
        int domid = libxl.findDomain(domain);
        if (domid < 0) {
            return 1;
        }
        long n = parseCount(vcpus);
        if (n < 0) {
            libxl.con.eprintf("Error: Invalid argument.\n");
            return 1;
        }
        if (!ignoreHost) {
            int hostCpus = libxl.maxCpus();
            LibxlDominfo.Lookup info = LibxlDominfo.info(libxl, domid);
            if (info.rc() != 0) {
                return 1;
            }
            if (n > info.info().vcpuOnline() && n > hostCpus) {
                libxl.con.eprintf(
                        "You are overcommmitting! You have %d physical CPUs and want %d vCPUs! Aborting, use"
                                + " --ignore-host to continue\n",
                        hostCpus, n);
                return 1;
            }
        }
        int rc = setVcpuOnline(libxl, domid, (int) n);
        if (rc == LibxlError.DOMAIN_NOTFOUND) {
            libxl.con.eprintf("Domain %u does not exist.\n", domid);
        } else if (rc != 0) {
            libxl.con.eprintf("libxl_set_vcpuonline failed domid=%u max_vcpus=%d, rc: %d\n", domid, n, rc);
        }
        return rc != 0 ? 1 : 0;
    }

    /** {@code libxl_set_vcpuonline} with a map of vCPUs {@code 0..n-1}, for a PV domain: 0 or a libxl error. */
    private static int setVcpuOnline(Libxl libxl, int domid, int n) {
        LibxlDominfo.Lookup lookup = LibxlDominfo.info(libxl, domid);
        if (lookup.rc() != 0) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_domain.c:1860:libxl_set_vcpuonline",
                    domid,
                    0,
                    "Getting domain info list");
            return lookup.rc();
        }
        LibxlDominfo info = lookup.info();
        if (n == 0) {
            libxl.log(
                    XlConsole.Level.ERROR, "libxl_domain.c:1867:libxl_set_vcpuonline", domid, 0, "Requested 0 VCPUs!");
            return LibxlError.FAIL;
        }
        if (n > info.vcpuMaxId() + 1) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_domain.c:1873:libxl_set_vcpuonline",
                    domid,
                    0,
                    "Requested " + n + " VCPUs, however maxcpus is " + (info.vcpuMaxId() + 1) + "!");
            return LibxlError.FAIL;
        }
        return writeAvailability(libxl, domid, n, info.vcpuMaxId());
    }

    /** {@code libxl__set_vcpuonline_xenstore}: the availability nodes in one transaction, retried on EAGAIN. */
    private static int writeAvailability(Libxl libxl, int domid, int n, int maxId) {
        XsSocket xs = LibxlLife.xs(libxl);
        String dompath;
        try {
            dompath = xs.getDomainPath(domid);
        } catch (XsException e) {
            return LibxlError.FAIL;
        }
        for (int attempt = 0; attempt < TRANSACTION_TRIES; attempt++) {
            try {
                int t = xs.transactionStart();
                for (int i = 0; i <= maxId; i++) {
                    String path = dompath + "/cpu/" + i + "/availability";
                    String value = i < n ? "online" : "offline";
                    try {
                        xs.write(t, path, value);
                    } catch (XsException e) {
                        // libxl__xs_printf logs and libxl goes on with the next node
                        libxl.log(
                                XlConsole.Level.ERROR,
                                "libxl_xshelp.c:119:libxl__xs_vprintf",
                                -1,
                                LibxlLife.errno(e),
                                "xenstore write failed: `" + path + "' = `" + value + "'");
                    }
                }
                if (xs.transactionEnd(t, true)) {
                    return 0;
                }
            } catch (XsException e) {
                return LibxlError.FAIL;
            }
        }
        return LibxlError.FAIL;
    }
}
