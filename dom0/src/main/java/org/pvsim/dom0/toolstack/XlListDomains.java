package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pvsim.dom0.report.XlDomainState;
import org.pvsim.dom0.report.XlListFormatter;
import org.pvsim.hypervisor.abi.ShutdownReason;

/**
 * {@code xl list [-l] [-v] [-Z] [-c] [DOMAIN]} ({@code main_list}, {@code list_domains} and {@code
 * list_domains_details} in {@code tools/xl/xl_info.c}): one row per domain in id order, in xl's format ({@link
 * XlListFormatter#HEADER}, {@code "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f"}); {@code -v} adds the UUID, the
 * shutdown reason code ({@code %8x}, or {@code -}) and the security label ({@code -}: pvsim has no XSM labels), {@code
 * -Z} the label alone, {@code -c} the CPU pool; {@code -l} prints instead libxl's JSON of each domain's saved
 * configuration ({@link LibxlConfigJson}), skipping domains the toolstack has none for (dom0), as xl skips those
 * {@code libxl_retrieve_domain_configuration} fails on. A named domain that does not exist prints {@code Error:
 * Domain 'NAME' does not exist.} and exits 1.
 *
 * @param details {@code -l}
 * @param verbose {@code -v}
 * @param context {@code -Z}
 * @param cpupool {@code -c}
 * @param domains the domain named (at most one, as in xl), or none for every domain
 */
public record XlListDomains(boolean details, boolean verbose, boolean context, boolean cpupool, List<String> domains)
        implements XlCommand, XlRunnable {

    /** xl's check: at most one domain (xl prints its help and exits 1 otherwise). */
    public XlListDomains {
        domains = List.copyOf(domains);
        if (domains.size() > 1) {
            throw new IllegalArgumentException("'xl list' takes at most one domain.");
        }
    }

    /** {@code xl list} of every domain, without options. */
    public static XlListDomains all() {
        return new XlListDomains(false, false, false, false, List.of());
    }

    @Override
    public String name() {
        return "list";
    }

    @Override
    public List<String> argv() {
        List<String> a = new ArrayList<>(List.of("xl", name()));
        if (details) {
            a.add("-l");
        }
        if (verbose) {
            a.add("-v");
        }
        if (context) {
            a.add("-Z");
        }
        if (cpupool) {
            a.add("-c");
        }
        a.addAll(domains);
        return List.copyOf(a);
    }

    @Override
    public int run(Libxl libxl) {
        XlConsole con = libxl.con;
        List<LibxlDominfo> info;
        if (domains.isEmpty()) {
            info = LibxlDominfo.list(libxl);
            if (info == null) {
                con.eprintf("libxl_list_domain failed.\n");
                return 1;
            }
        } else {
            String qualifier = domains.get(0);
            int domid = libxl.findDomain(qualifier);
            if (domid < 0) {
                return 1;
            }
            LibxlDominfo.Lookup l = LibxlDominfo.info(libxl, domid);
            if (l.rc() == LibxlError.DOMAIN_NOTFOUND) {
                con.eprintf("Error: Domain '%s' does not exist.\n", qualifier);
                return 1;
            }
            if (l.rc() != 0) {
                con.eprintf("libxl_domain_info failed (code %d).\n", l.rc());
                return 1;
            }
            info = List.of(l.info());
        }
        if (details) {
            LibxlConfigJson.printDetails(libxl, info);
        } else {
            printTable(libxl, info);
        }
        return 0;
    }

    private void printTable(Libxl libxl, List<LibxlDominfo> info) {
        XlConsole con = libxl.con;
        con.print(XlListFormatter.HEADER);
        if (verbose) {
            con.print("   UUID                            Reason-Code\tSecurity Label");
        }
        if (context && !verbose) {
            con.print("   Security Label");
        }
        if (cpupool) {
            con.print("         Cpupool");
        }
        con.print("\n");
        for (LibxlDominfo d : info) {
            con.printf(
                    "%-40s %5d %5u %5d     %s  %8.1f",
                    libxl.domidToName(d.domid()),
                    d.domid(),
                    (d.currentMemkb() + d.outstandingMemkb()) / 1024,
                    d.vcpuOnline(),
                    XlDomainState.letters(
                            d.running(),
                            d.blocked(),
                            d.paused(),
                            d.shutdown(),
                            ShutdownReason.ofCode(d.shutdownReason()),
                            d.dying()),
                    (double) (float) d.cpuTimeNs() / 1e9);
            if (verbose) {
                con.printf(" %s", d.uuidString());
                con.print(
                        d.shutdown()
                                ? String.format(Locale.ROOT, " %8x", d.shutdownReason())
                                : String.format(Locale.ROOT, " %8s", "-"));
            }
            if (verbose || context) {
                con.printf(" %16s", "-");
            }
            if (cpupool) {
                con.printf("%16s", Libxl.POOL_0);
            }
            con.print("\n");
        }
    }
}
