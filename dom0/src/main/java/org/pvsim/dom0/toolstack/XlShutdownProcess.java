package org.pvsim.dom0.toolstack;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.hypervisor.abi.DomctlCmd;

/**
 * {@code main_shutdown_or_reboot} ({@code tools/xl/xl_vmcontrol.c}) as a process across dom0 steps. For each target
 * (one domain, or with {@code -a} every domain but 0 and those running xenstored) in order, it prints {@code Shutting
 * down domain N} (or {@code Rebooting domain N}), has libxl write {@code poweroff} (or {@code reboot}) to the
 * domain's {@code control/shutdown} ({@code libxl__domain_pvcontrol}), and waits for the guest to acknowledge by
 * clearing the node ({@code libxl__xswait}, at most {@link #ACK_TIMEOUT_NS}) before the next target. With {@code -w}
 * it then waits ({@code wait_for_domain_deaths}: {@code Waiting for N domains}) until each domain has shut down or
 * died; with {@code -w -w} until each has died. libxl waits on {@code @releaseDomain}; the process looks at each
 * domain's {@code getdomaininfo} at every step, which sees the same changes.
 */
final class XlShutdownProcess implements XlProcess {
    /** libxl's time for a guest to acknowledge a control request: 60 s ({@code pvcontrol->timeout_ms}). */
    static final long ACK_TIMEOUT_NS = 60_000_000_000L;

    private enum Phase {
        START,
        SEND,
        ACK,
        WAIT
    }

    /** A domain {@code -w} waits for ({@code libxl_evgen_domain_death}). */
    private static final class Death {
        final int domid;
        boolean shutdownReported;

        Death(int domid) {
            this.domid = domid;
        }
    }

    private final boolean reboot;
    private final boolean all;
    private final int wait;
    private final String domain;
    private final List<Integer> targets = new ArrayList<>();
    private final List<Death> deaths = new ArrayList<>();
    private Phase phase = Phase.START;
    private int next;
    private String ackPath;
    private long ackDeadlineNs;

    /**
     * @param reboot reboot instead of power off
     * @param all {@code -a}
     * @param wait how many {@code -w} (0, 1: shut down or dead, 2 or more: dead)
     * @param domain the domain when not {@code -a}
     */
    XlShutdownProcess(boolean reboot, boolean all, int wait, String domain) {
        this.reboot = reboot;
        this.all = all;
        this.wait = wait;
        this.domain = domain;
    }

    @Override
    public int step(Libxl libxl) {
        while (true) {
            switch (phase) {
                case START -> {
                    int rc = start(libxl);
                    if (rc != IN_PROGRESS) {
                        return rc;
                    }
                }
                case SEND -> {
                    if (next == targets.size()) {
                        if (wait == 0) {
                            return 0;
                        }
                        libxl.con.eprintf("Waiting for %d domains\n", deaths.size());
                        phase = Phase.WAIT;
                        continue;
                    }
                    int rc = send(libxl, targets.get(next));
                    if (rc != 0) {
                        libxl.con.eprintf("%s failed (rc=%d)\n", reboot ? "reboot" : "shutdown", rc);
                        return 1;
                    }
                    phase = Phase.ACK;
                }
                case ACK -> {
                    int rc = ack(libxl);
                    if (rc == IN_PROGRESS) {
                        return IN_PROGRESS;
                    }
                    if (rc != 0) {
                        libxl.log(
                                XlConsole.Level.ERROR,
                                "libxl_domain.c:852:pvcontrol_cb",
                                -1,
                                0,
                                "guest didn't acknowledge control request: " + rc);
                        libxl.con.eprintf("%s failed (rc=%d)\n", reboot ? "reboot" : "shutdown", rc);
                        return 1;
                    }
                    if (wait > 0) {
                        deaths.add(new Death(targets.get(next)));
                    }
                    next++;
                    phase = Phase.SEND;
                }
                case WAIT -> {
                    return watchDeaths(libxl);
                }
            }
        }
    }

    private int start(Libxl libxl) {
        if (all) {
            List<LibxlDominfo> list = LibxlDominfo.list(libxl);
            if (list == null) {
                libxl.con.eprintf("libxl_list_domain failed.\n");
                return 1;
            }
            for (LibxlDominfo d : list) {
                if (d.domid() != 0 && !d.neverStop()) {
                    targets.add(d.domid());
                }
            }
        } else {
            int domid = libxl.findDomain(domain);
            if (domid < 0) {
                return 1;
            }
            targets.add(domid);
        }
        phase = Phase.SEND;
        return IN_PROGRESS;
    }

    /** {@code shutdown_domain}/{@code reboot_domain} up to the write: 0, or a libxl error code. */
    private int send(Libxl libxl, int domid) {
        libxl.con.eprintf("%s domain %u\n", reboot ? "Rebooting" : "Shutting down", domid);
        // libxl__domain_pvcontrol_available: a PV domain always has the PV control interface; libxl__domain_type
        // asks Xen first
        long rc = libxl.hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid));
        if (rc < 0) {
            libxl.log(XlConsole.Level.ERROR, "libxl_dom.c:37:libxl__domain_type", domid, rc, "unable to get dominfo");
            return LibxlError.FAIL;
        }
        XsSocket xs = LibxlLife.xs(libxl);
        try {
            ackPath = xs.getDomainPath(domid) + "/control/shutdown";
            xs.write(XsSocket.XBT_NULL, ackPath, reboot ? "reboot" : "poweroff");
        } catch (XsException e) {
            libxl.log(
                    XlConsole.Level.ERROR,
                    "libxl_xshelp.c:119:libxl__xs_vprintf",
                    -1,
                    LibxlLife.errno(e),
                    "xenstore write failed: `" + ackPath + "' = `" + (reboot ? "reboot" : "poweroff") + "'");
            return LibxlError.FAIL;
        }
        ackDeadlineNs = libxl.cpu().rdtsc() + ACK_TIMEOUT_NS;
        return 0;
    }

    /** {@code pvcontrol_cb}: 0 once the node is gone or empty, {@code ERROR_TIMEDOUT} after the timeout. */
    private int ack(Libxl libxl) {
        String state;
        try {
            state = LibxlLife.xs(libxl).read(XsSocket.XBT_NULL, ackPath);
        } catch (XsException e) {
            state = null;
        }
        if (state == null || state.isEmpty()) {
            return 0;
        }
        return libxl.cpu().rdtsc() >= ackDeadlineNs ? LibxlError.TIMEDOUT : IN_PROGRESS;
    }

    /** {@code wait_for_domain_deaths} over {@code domain_death_xswatch_callback}'s checks. */
    private int watchDeaths(Libxl libxl) {
        for (int i = 0; i < deaths.size(); ) {
            Death d = deaths.get(i);
            LibxlDominfo info = LibxlDominfo.probe(libxl, d.domid);
            if (info == null || info.dying()) {
                libxl.con.eprintf("Domain %d has been destroyed\n", d.domid);
                deaths.remove(i);
                continue;
            }
            if (info.shutdown() && !d.shutdownReported) {
                libxl.con.eprintf("Domain %d has been shut down, reason code %d\n", d.domid, info.shutdownReason());
                d.shutdownReported = true;
                if (wait == 1) {
                    deaths.remove(i);
                    continue;
                }
                libxl.con.eprintf("Domain %d continue waiting for death\n", d.domid);
            }
            i++;
        }
        return deaths.isEmpty() ? 0 : IN_PROGRESS;
    }
}
